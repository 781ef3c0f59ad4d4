"""A person's work over time, on their page."""

import pytest

from credits.models import CastCredit, CrewCredit
from tests.charts import reading
from tests.factories import make_cast_credit, make_crew_credit, make_person

pytestmark = pytest.mark.django_db


def _page(client, person, progress="everything"):
    return client.get(f"{person.get_absolute_url()}?progress={progress}").text


def _bars(picture):
    return [
        (rect.get("class").split()[1].removeprefix("chart-bar--"), rect.get("height"))
        for rect in reading.shapes(picture, "chart-bar")
    ]


def test_the_chart_counts_each_season_and_its_table_says_the_same(client, story):
    html = _page(client, story.krysten)
    picture = reading.svg(html, "work")

    assert picture.get("role") == "img"
    assert reading.table(html, "work") == [
        ["Season", "Directed", "Wrote", "Appeared in"],
        ["Marvel's Jessica Jones, Season 1", "0", "0", "3"],
        ["Marvel's Jessica Jones, Season 2", "1", "0", "2"],
    ]
    # The tallest bar is the most episodes; the others in proportion.
    assert _bars(picture) == [
        ("directed", "0"), ("wrote", "0"), ("appeared", "120"),
        ("directed", "40"), ("wrote", "0"), ("appeared", "80"),
    ]  # fmt: skip
    assert {"S1", "S2"} <= set(reading.texts(picture))
    assert "Season 2: appeared in 2 episodes" in reading.titles(picture)


def test_appearances_are_counted_as_far_as_the_reader_has_watched(client, story):
    html = _page(client, story.krysten, progress="S1E2")
    picture = reading.svg(html, "work")

    assert reading.table(html, "work")[1:] == [
        ["Marvel's Jessica Jones, Season 1", "0", "0", "2 (up to S1E2)"],
        # Who directed an episode is known from the start; who appears, not.
        ["Marvel's Jessica Jones, Season 2", "1", "0", "Not watched yet"],
    ]
    assert len(reading.shapes(picture, "chart-bar--unwatched")) == 1
    assert "appearances are counted up to S1E2" in html


def test_a_season_cast_member_without_episodes_is_said_so(client, story):
    person = make_person(title="Carrie-Anne Moss")
    make_cast_credit(
        person=person,
        role="Jeri Hogarth",
        season=story.seasons[0],
        billing=CastCredit.Billing.MAIN,
    )
    make_crew_credit(
        person=person, job=CrewCredit.Job.WRITER, episode=story.episodes["S1E1"]
    )

    rows = reading.table(_page(client, person), "work")

    assert rows[1] == [
        "Marvel's Jessica Jones, Season 1",
        "0",
        "1",
        "0 (cast for the season; episodes not recorded)",
    ]


def test_a_person_with_no_episode_credits_has_no_chart(client, story):
    person = make_person(title="Melissa Rosenberg")
    make_crew_credit(
        person=person, job=CrewCredit.Job.SHOWRUNNER, season=story.seasons[0]
    )

    assert not reading.has_chart(_page(client, person), "work")


def test_a_person_seen_only_later_has_no_chart_yet(client, story):
    janet = story.alisa.cast_credits.get().person

    assert not reading.has_chart(_page(client, janet, progress="S2E1"), "work")
    assert reading.has_chart(_page(client, janet, progress="S2E2"), "work")
