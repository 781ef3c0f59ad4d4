import pytest
from django.core.exceptions import ValidationError

from wiki import storytime
from wiki.storytime import EVERYTHING, NOTHING, Progress


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S1E13", 1013),
        ("s2e5", 2005),
        (" S10 E2 ", 10002),
        ("everything", EVERYTHING),
        ("nothing", NOTHING),
        ("S0E3", None),
        ("S1E0", None),
        ("episode 3", None),
        ("", None),
    ],
)
def test_positions_are_read_from_what_readers_write(text, expected):
    assert storytime.parse_position(text) == expected


def test_positions_compare_in_story_order():
    assert storytime.position(1, 13) < storytime.position(2, 1) < EVERYTHING
    assert storytime.code(storytime.position(2, 5)) == "S2E5"


def test_progress_round_trips_and_has_one_key_per_meaning():
    progress = Progress.parse("12:S2E5, 3:nothing, junk, 4:S0E1")

    assert progress.at(12) == 2005
    assert progress.at(3) == NOTHING
    assert progress.at(99) == EVERYTHING  # a series never set shows everything
    assert Progress.parse(str(progress)) == progress
    assert progress.key == Progress.parse("3:nothing,12:s2e5").key
    assert Progress.parse("").key == "everything"


def test_content_of_no_series_is_shown_as_of_the_earliest_position_set():
    progress = Progress.parse("12:S2E5,14:S1E3")

    assert progress.at(None) == 1003
    assert not progress.is_everything
    assert Progress().is_everything


def test_a_default_applies_to_every_series_not_set():
    progress = Progress.parse("S1E3,12:S3E1")

    assert progress.at(7) == 1003
    assert progress.at(12) == 3001


def test_setting_a_series_back_to_the_default_forgets_it():
    progress = Progress().setting(12, 1003).setting(14, 2001)

    assert progress.setting(12, EVERYTHING) == Progress().setting(14, 2001)


def test_a_one_valued_timeline_gives_the_latest_value_reached():
    status = "Alive\nS1E13: Deceased"

    assert storytime.value_at(status, NOTHING) == "Alive"
    assert storytime.value_at(status, 1012) == "Alive"
    assert storytime.value_at(status, 1013) == "Deceased"
    assert storytime.value_at("S2E1: Later", 1013) == ""


def test_the_order_of_lines_does_not_matter_for_one_value():
    assert storytime.value_at("S2E13: Deceased\nS2E6: Alive\nDeceased", 2007) == "Alive"


def test_a_list_timeline_gains_values_as_they_are_revealed():
    aliases = "Purple Man\nS1E8: Kevin"

    assert storytime.values_at(aliases, 1003) == ["Purple Man"]
    assert storytime.values_at(aliases, 1008) == ["Purple Man", "Kevin"]
    assert storytime.tagged_at(aliases, EVERYTHING) == [
        ("Purple Man", ""),
        ("Kevin", "S1E8"),
    ]
    assert storytime.reveal_points(aliases) == {1008}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("S0E1: Alive", "Line 1: seasons and episodes count from 1"),
        ("Alive\nS1E13:", "Line 2: say what is revealed"),
    ],
)
def test_timelines_refuse_broken_tags_with_the_line(text, message):
    with pytest.raises(ValidationError) as error:
        storytime.validate_timeline(text)
    assert message in error.value.messages[0]
