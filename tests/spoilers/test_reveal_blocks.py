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
    rendered = render(TEXT, position=1003, show_link=lambda i: f"?show={i}")

    assert "He falls" not in rendered.html
    assert "Nowhere page" not in rendered.html
    assert "Mother" not in rendered.html
    assert rendered.headings == []
    assert rendered.hidden == [1013, 2006]
    assert rendered.html.count('class="reveal-notice"') == 2
    assert '<a href="?show=1">Show anyway</a>' in rendered.html


@pytest.mark.usefixtures("no_links")
def test_blocks_reached_are_shown_with_their_tag():
    rendered = render(TEXT, position=1013)

    assert "He falls" in rendered.html
    assert "Revealed in S1E13" in rendered.html
    assert "Mother" not in rendered.html
    assert rendered.headings == [(2, "s-the-end", "The end")]


@pytest.mark.usefixtures("no_links")
def test_a_block_asked_for_is_shown_alone():
    rendered = render(TEXT, position=1003, shown={2})

    assert "Mother" in rendered.html
    assert "He falls" not in rendered.html


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
def test_hidden_blocks_in_a_row_share_one_notice_with_a_link_each():
    text = "::: S1E4\nOne.\n:::\n\n::: S1E5\nTwo.\n:::\n"
    html = render(text, position=1, show_link=lambda i: f"?show={i}").html

    assert html.count('class="reveal-notice"') == 1
    assert "2 passages past where you have watched are hidden" in html
    assert '<li id="reveal-1">Revealed in <strong>S1E4</strong>.' in html
    assert '<a href="?show=2">Show anyway</a>' in html


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
