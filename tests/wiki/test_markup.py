import re

import pytest

from tests.factories import make_article, make_character
from wiki.markup import plain_text, render_markdown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">click</a>',
        '<p onmouseover="alert(1)">hover</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_dangerous_html_is_removed(source):
    html = render_markdown(source)

    lowered = html.lower()
    for needle in ("<script", "onerror", "onclick", "onmouseover", "<iframe", "<style"):
        assert needle not in lowered
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data):", lowered)


def test_harmless_markdown_survives_sanitising():
    html = render_markdown(
        "## Powers\n\n**Strength**, *speed* and `code`.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n[site](https://example.com)"
    )

    assert '<h2 id="s-powers">Powers</h2>' in html
    assert "<strong>Strength</strong>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert "<blockquote>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_wiki_link_to_an_existing_page_uses_its_address():
    make_character(title="Trish Walker", slug="trish-walker")

    html = render_markdown("Her sister [[Trish Walker]] hosts a show.")

    assert (
        '<a class="wikilink" href="/characters/trish-walker/" title="Trish Walker">'
        "Trish Walker</a>" in html
    )


def test_wiki_link_with_a_label_shows_the_label():
    make_character(title="Trish Walker", slug="trish-walker")

    html = render_markdown("Her sister [[Trish Walker|Patsy]].")

    assert 'href="/characters/trish-walker/"' in html
    assert ">Patsy</a>" in html


def test_link_to_a_missing_page_is_a_red_link():
    html = render_markdown("See [[Raft Prison]].")

    assert 'class="wikilink-new"' in html
    assert 'href="/wiki/raft-prison/?title=Raft+Prison"' in html
    assert "Raft Prison (page does not exist)" in html


def test_wiki_links_resolve_in_one_query(django_assert_num_queries):
    for index in range(30):
        make_article(title=f"Place {index}", slug=f"place-{index}")
    text = " ".join(f"[[Place {index}]]" for index in range(40))

    with django_assert_num_queries(1):
        html = render_markdown(text)

    assert html.count('class="wikilink"') == 30
    assert html.count('class="wikilink-new"') == 10


def test_text_without_wiki_links_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_markdown("Just *text*.")

    assert html == "<p>Just <em>text</em>.</p>\n"


def test_wiki_link_label_is_escaped():
    html = render_markdown("[[Nowhere|<b onclick=x>bold</b>]]")

    assert "<b" not in html
    assert "&lt;b onclick=x&gt;bold&lt;/b&gt;</a>" in html


def test_wiki_link_syntax_inside_code_is_left_alone():
    html = render_markdown("`[[Not a link]]`")

    assert "<code>[[Not a link]]</code>" in html


def test_plain_text_drops_markup_and_keeps_link_labels():
    assert plain_text("**Bold** and [[Trish Walker|Patsy]].") == "Bold and Patsy."


def test_a_link_to_a_redirect_leads_to_its_target_in_the_same_query(
    django_assert_num_queries,
):
    from wiki.models import Redirect

    trish = make_character(title="Trish Walker", slug="trish-walker")
    Redirect.objects.create(slug="patsy", title="Patsy", target=trish)

    with django_assert_num_queries(1):
        html = render_markdown("[[Patsy]] and [[Trish Walker]]")

    assert html.count('href="/characters/trish-walker/"') == 2
