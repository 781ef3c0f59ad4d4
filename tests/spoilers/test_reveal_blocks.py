import re

import pytest

from wiki.markup import headings, plain_text, render, reveal_points
from wiki.storytime import EVERYTHING

TEXT = """Before.

::: S1E13
## The end
He falls. [[Nowhere page]]
:::

Between.

::: S2E6
<script>alert(1)</script>Mother.
:::
"""


@pytest.fixture
def no_links(monkeypatch):
    monkeypatch.setattr("wiki.markup.resolve_links", lambda slugs: {})


@pytest.mark.usefixtures("no_links")
def test_blocks_past_the_position_are_cut_out_before_rendering():
    rendered = render(TEXT, position=1003, show_more=lambda n: f"?more={n}")

    assert "He falls" not in rendered.html
    assert "Nowhere page" not in rendered.html
    assert "Mother" not in rendered.html
    assert rendered.headings == []
    assert rendered.hidden == [1013, 2006]
    assert rendered.html.count('class="reveal-notice"') == 1
    assert '<a href="?more=1">Show one more passage</a>' in rendered.html


@pytest.mark.usefixtures("no_links")
def test_blocks_reached_are_shown_with_their_tag():
    rendered = render(TEXT, position=1013)

    assert "He falls" in rendered.html
    assert "Revealed in S1E13" in rendered.html
    assert "Mother" not in rendered.html
    assert rendered.headings == [(2, "s-the-end", "The end")]


@pytest.mark.usefixtures("no_links")
def test_one_more_passage_is_the_next_the_story_reveals():
    text = (
        "::: S2E6\nMother.\n:::\n\n::: S1E13\nHe falls.\n:::\n\n::: S3E1\nLater.\n:::\n"
    )

    one = render(text, position=1003, more=1, show_more=lambda n: f"?more={n}").html
    two = render(text, position=1003, more=2).html

    assert "He falls" in one and "Mother" not in one and "Later" not in one
    assert 'id="shown-passage"' in one and '<a href="?more=2">' in one
    assert "He falls" in two and "Mother" in two and "Later" not in two
    assert "reveal-notice" in render(text, position=1003, more=2).html
    assert "reveal-notice" not in render(text, position=1003, more=3).html


@pytest.mark.usefixtures("no_links")
def test_revealed_blocks_are_sanitised_like_the_rest():
    html = render(TEXT, position=EVERYTHING).html

    assert "<script>" not in html
    assert "Mother" in html


def test_plain_text_and_headings_leave_later_blocks_out():
    assert plain_text(TEXT, position=1003) == "Before. Between."
    assert "He falls" in plain_text(TEXT)
    assert headings(TEXT, position=1003) == []
    assert reveal_points(TEXT) == {1013, 2006}


@pytest.mark.usefixtures("no_links")
def test_an_unclosed_block_runs_to_the_end_and_hides_all_of_it():
    html = render("Shown.\n\n::: S3E1\nHidden one.\n\nHidden two.\n", position=1).html

    assert "Shown." in html
    assert "Hidden" not in html


@pytest.mark.usefixtures("no_links")
def test_a_line_that_only_looks_like_a_tag_is_text():
    html = render("::: S0E1\nStill here.\n\n:::nope\n", position=1).html

    assert "Still here." in html


@pytest.mark.usefixtures("no_links")
@pytest.mark.parametrize("position", [1, 1004, 1013])
def test_the_notice_never_says_where_how_much_or_from_when(position):
    # Rule 2 of the spoiler promise: that more is hidden further on, and no
    # more: not in place, not how many, not which episode reveals it.
    text = (
        "Start.\n\n::: S1E4\nOne.\n:::\n\nMiddle.\n\n"
        "::: S1E5\nTwo.\n:::\n\n::: S2E2\nX.\n:::\n"
    )
    html = render(text, position=position, show_more=lambda n: f"?more={n}").html

    notice = html[html.index('<div class="reveal-notice"') :]
    assert html.index("Middle.") < html.index('class="reveal-notice"')
    assert html.count("reveal-notice") == 1
    assert not re.search(r"S\d+E\d+|\b\d+ passages?", notice)
    assert "More of this page is past where you have watched." in notice


@pytest.mark.usefixtures("no_links")
def test_a_closing_line_may_end_in_spaces():
    html = render("::: S1E3\nSecret.\n:::   \nAfter.\n", position=1).html

    assert "Secret." not in html
    assert "After." in html


@pytest.mark.usefixtures("no_links")
def test_a_block_with_longer_markers_holds_a_later_one():
    text = "::::: S1E3\nEarly.\n::: S1E9\nLate.\n:::\nEarly again.\n:::::\n"

    at_s1e5 = render(text, position=1005).html

    assert "Early." in at_s1e5 and "Early again." in at_s1e5
    assert "Late." not in at_s1e5
    assert "Early" not in render(text, position=1001).html
