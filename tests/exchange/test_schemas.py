"""Season files read against their declared schema: what is refused, and
how the refusal names the place at fault."""

import pytest

from exchange.schemas import SeasonFile
from exchange.seasonfile import read_season
from exchange.validation import FileError


def _season():
    episode = {"number_in_season": 1, "number_overall": 1, "title": "Pilot"}
    return {"season": 1, "main_cast": [], "recurring_cast": [], "episodes": [episode]}


def test_a_valid_file_reads_with_defaults_for_what_it_leaves_out():
    season = read_season(_season(), "s1.json")

    assert isinstance(season, SeasonFile)
    assert season.episodes[0].directors == []
    assert season.episodes[0].given("runtime", "title") == {"title": "Pilot"}


def test_fields_the_wiki_does_not_know_are_ignored():
    data = _season() | {"network": "Netflix", "executive_producers_note": "…"}

    assert read_season(data, "s1.json").season == 1


def test_a_single_name_counts_as_a_list_of_one():
    data = _season() | {"showrunner": "Melissa Rosenberg"}

    assert read_season(data, "s1.json").showrunner == ["Melissa Rosenberg"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"season": "2"}, "s1.json: season: expected int, found '2'"),
        ({"season": True}, "s1.json: season: expected int, found True"),
        ({"format": "other/1"}, "s1.json: format: Input should be 'fanwiki-season/1'"),
        ({"release_date": "8 March"}, "release_date: not a date (YYYY-MM-DD)"),
        ({"main_cast": [{"person": "X"}]}, "main_cast[0]: missing field 'character'"),
    ],
)
def test_values_are_never_coerced_and_faults_are_named(change, message):
    with pytest.raises(FileError) as error:
        read_season(_season() | change, "s1.json")

    assert message in str(error.value)


def test_every_fault_of_a_file_is_named_at_once():
    data = _season() | {"season": 0, "release_date": "soon"}
    data["episodes"][0]["runtime"] = 0

    with pytest.raises(FileError) as error:
        read_season(data, "s1.json")

    faults = str(error.value).split("; ")
    assert faults == [
        "s1.json: season: must be 1 or more",
        "s1.json: release_date: not a date (YYYY-MM-DD): 'soon'",
        "s1.json: episodes[0].runtime: must be 1 or more",
    ]


def test_an_episode_numbered_below_its_place_in_the_season_is_refused():
    data = _season()
    data["episodes"][0] |= {"number_in_season": 3, "number_overall": 2}

    with pytest.raises(FileError, match=r"episodes\[0\].number_overall: less than"):
        read_season(data, "s1.json")


def test_lists_given_as_null_are_empty():
    data = _season() | {"people": None, "characters": None, "showrunner": None}
    data["episodes"][0]["cast"] = None

    season = read_season(data, "s1.json")

    assert season.people == season.characters == season.showrunner == []
    assert season.episodes[0].cast == []
