"""The appearances strip on a character's page: every episode of the series."""

import pytest

from tests.charts import reading

pytestmark = pytest.mark.django_db


def _page(client, character, progress="everything"):
    return client.get(f"{character.get_absolute_url()}?progress={progress}").text


def _cells(picture):
    return [
        rect.get("class").split()[1].removeprefix("chart-cell--")
        for rect in reading.shapes(picture, "chart-cell")
    ]


def test_the_strip_marks_every_episode_and_its_table_says_the_same(client, story):
    html = _page(client, story.kilgrave)
    picture = reading.svg(html, "strip")
    rows = reading.table(html, "strip")

    assert picture.get("role") == "img"
    assert reading.titles(picture)[0] == "Kilgrave appears in 2 of 5 episodes"
    assert _cells(picture) == ["absent", "guest", "guest", "absent", "absent"]
    assert len(reading.shapes(picture, "chart-cell__note")) == 1
    assert reading.texts(picture) == ["S1", "S2"]
    assert rows == [
        ["Episode", "Appears"],
        ["Season 1"],
        ["S1E1 AKA Ladies Night", "No"],
        ["S1E2 AKA Crush Syndrome", "Yes: Guest (voice only)"],
        ["S1E3 AKA It's Called Whiskey", "Yes: Guest"],
        ["Season 2"],
        ["S2E1 AKA Start at the Beginning", "No"],
        ["S2E2 AKA Freak Accident", "No"],
    ]
    hrefs = reading.links(picture)
    assert all(e.get_absolute_url() in hrefs for e in story.episodes.values())
    assert "Seen in 2 of 5 episodes." in html


def test_unknown_billing_and_a_flashback_are_shown(client, story):
    trish = reading.table(_page(client, story.trish), "strip")
    alisa = reading.table(_page(client, story.alisa), "strip")

    assert ["S1E3 AKA It's Called Whiskey", "Yes: Billing unknown"] in trish
    assert ["S2E2 AKA Freak Accident", "Yes: Guest (flashback)"] in alisa


def test_episodes_past_the_reader_are_not_watched_yet(client, story):
    html = _page(client, story.kilgrave, progress="S1E2")
    picture = reading.svg(html, "strip")
    rows = reading.table(html, "strip")

    assert _cells(picture) == ["absent", "guest", *["unwatched"] * 3]
    # Named by code only: a character page names no episode not reached.
    assert ["S1E3", "Not watched yet"] in rows
    assert "It's Called Whiskey" not in html
    assert "Seen in 1 of the 2 episodes up to S1E2; later ones are hatched." in html
    assert reading.titles(picture)[0] == (
        "Kilgrave appears in 1 of the 2 episodes up to S1E2"
    )


def test_titles_of_episodes_not_watched_are_left_out_when_the_reader_asks(
    client, story
):
    client.cookies["titles"] = "hidden"
    html = _page(client, story.jessica, progress="S1E2")
    rows = reading.table(html, "strip")

    assert ["S1E2 AKA Crush Syndrome", "Yes: Main"] in rows
    assert ["S1E3", "Not watched yet"] in rows
    strip = html.split('class="chart chart--strip"')[1].split("</details>")[0]
    assert "Called Whiskey" not in strip and "Freak Accident" not in strip
    assert "S2E2: not watched yet" not in strip  # the code alone, no title
    assert "<title>S2E2 S2E2" not in strip


def test_a_character_not_seen_yet_has_no_strip(client, story):
    html = _page(client, story.alisa, progress="S2E1")

    assert not reading.has_chart(html, "strip")


def test_a_character_of_no_series_has_no_strip(client, db):
    from tests.factories import make_character

    html = client.get(make_character(title="Nobody").get_absolute_url()).text

    assert not reading.has_chart(html, "strip")
