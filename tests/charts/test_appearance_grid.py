"""The appearances grid on a season's page: characters × episodes."""

import pytest

from tests.charts import reading

pytestmark = pytest.mark.django_db


def _page(client, story, progress="everything", number=1):
    season = story.seasons[number - 1]
    return client.get(f"{season.get_absolute_url()}?progress={progress}").text


def test_the_grid_draws_each_appearance_and_its_table_says_the_same(client, story):
    html = _page(client, story)
    picture = reading.svg(html, "grid")
    rows = reading.table(html, "grid")

    assert picture.get("role") == "img"
    assert picture.get("aria-labelledby") == (
        "appearance-grid-title appearance-grid-desc"
    )
    assert rows[0] == ["Character", "S1E1", "S1E2", "S1E3", "Episodes"]
    not_in = "–Not in this episode"
    assert rows[1:] == [
        ["Jessica Jones", "Main", "Main", "Main", "3"],
        # As often as Kilgrave, and billed higher.
        ["Trish Walker", "Recurring", not_in, "Billing unknown", "2"],
        ["Kilgrave", not_in, "Guest (voice only)", "Guest", "2"],
    ]
    # The same cells, drawn: a shade a billing, a corner mark for the note.
    cells = [c.get("class").split()[1] for c in reading.shapes(picture, "chart-cell")]
    assert cells == [
        *["chart-cell--main"] * 3,
        "chart-cell--recurring", "chart-cell--absent", "chart-cell--unknown",
        "chart-cell--absent", "chart-cell--guest", "chart-cell--guest",
    ]  # fmt: skip
    assert len(reading.shapes(picture, "chart-cell__note")) == 1
    assert "Kilgrave, S1E2 AKA Crush Syndrome: Guest (voice only)" in (
        reading.titles(picture)
    )
    # Escaped once, as the XML needs, and read back as written.
    assert "Trish Walker, S1E3 AKA It's Called Whiskey: Billing unknown" in (
        reading.titles(picture)
    )
    assert "&amp;#x27;" not in html


def test_a_role_without_a_page_is_counted_not_drawn(client, story):
    html = _page(client, story)

    assert "Detective" not in html.split('class="chart chart--grid"')[1]
    assert "1 other role without a page of its own is not drawn." in html


def test_rows_and_cells_link_to_their_pages(client, story):
    html = _page(client, story)
    hrefs = reading.links(reading.svg(html, "grid"))

    assert story.episodes["S1E2"].get_absolute_url() in hrefs
    assert story.kilgrave.get_absolute_url() in hrefs
    # The picture's links are for the mouse; the keyboard and screen readers
    # take the table's.
    picture = reading.svg(html, "grid")
    assert {a.get("tabindex") for a in picture.iter(f"{reading.SVG}a")} == {"-1"}
    assert f'<a href="{story.kilgrave.get_absolute_url()}">Kilgrave</a>' in html


def test_episodes_not_watched_are_hatched_and_later_characters_absent(client, story):
    html = _page(client, story, progress="S1E1")
    picture = reading.svg(html, "grid")
    rows = reading.table(html, "grid")

    # Kilgrave is first seen in S1E2: no row for him yet.
    assert [row[0] for row in rows[1:]] == ["Jessica Jones", "Trish Walker"]
    assert rows[1] == [
        "Jessica Jones",
        "Main",
        "Not watched yet",
        "Not watched yet",
        "1",
    ]
    assert "Kilgrave" not in html.split('class="chart chart--grid"')[1]
    assert len(reading.shapes(picture, "chart-cell--unwatched")) == 4
    assert "Only appearances up to S1E1 are shown" in html
    assert reading.titles(picture)[0].endswith("up to S1E1")


def test_a_later_appearance_waits_for_its_episode(client, story):
    html = _page(client, story, progress="S1E2")
    rows = {row[0]: row[1:] for row in reading.table(html, "grid")[1:]}

    assert rows["Trish Walker"] == [
        "Recurring",
        "–Not in this episode",
        "Not watched yet",
        "1",
    ]


def test_a_season_not_started_draws_no_grid(client, story):
    html = _page(client, story, progress="S1E3", number=2)

    assert not reading.has_chart(html, "grid")
    assert "Alisa Jones" not in html


def test_a_season_without_appearances_draws_no_grid(client, db):
    from tests.factories import make_episode

    season = make_episode().season

    html = client.get(season.get_absolute_url()).text

    assert not reading.has_chart(html, "grid")


def test_past_its_rows_the_grid_counts_the_characters_seen_less(
    client, story, monkeypatch
):
    monkeypatch.setattr("credits.charts.grid.GRID_MAX_ROWS", 2)

    html = _page(client, story)

    assert [row[0] for row in reading.table(html, "grid")[1:]] == [
        "Jessica Jones",
        "Trish Walker",
    ]
    assert "1 more character with a page appears less often." in html
