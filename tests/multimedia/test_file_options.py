"""`[[File:Name|options|caption]]`: MediaWiki's image options, and what the
sanitiser lets through of the markup they make."""

import re

import pytest

from multimedia.layout import Layout, display_size, parse
from tests.factories import make_character, make_revised_page
from tests.multimedia.images import make_image
from wiki.markup import plain_text, render_markdown, sanitise
from wiki.models import PageLink
from wiki.storytime import position

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("", Layout()),
        ("thumb|A caption", Layout(type="thumb", caption="A caption")),
        ("thumbnail", Layout(type="thumb")),
        (
            "frameless|left|border",
            Layout(type="frameless", location="left", border=True),
        ),
        ("centre", Layout(location="center")),
        ("right|left", Layout(location="right")),  # the first given
        ("thumb|frame|frameless", Layout(type="frame")),
        ("200px", Layout(width=200)),
        ("x150px", Layout(height=150)),
        ("200x150px", Layout(width=200, height=150)),
        ("thumb|upright", Layout(type="thumb", upright=0.75)),
        ("thumb|upright=1.5", Layout(type="thumb", upright=1.5)),
        ("alt=Jessica, drinking|link=", Layout(alt="Jessica, drinking", link="")),
        ("link=Alias Investigations", Layout(link="Alias Investigations")),
        ("First|thumb|Last", Layout(type="thumb", caption="Last")),
        # Unknown options are caption text, as on MediaWiki.
        ("Thumb", Layout(caption="Thumb")),
        ("thumb|middle", Layout(type="thumb", caption="middle")),
        ("upright=huge", Layout(caption="upright=huge")),
        ("upright=0", Layout(caption="upright=0")),
        ("0px", Layout(caption="0px")),
        ("px", Layout(caption="px")),
        ("a=b", Layout(caption="a=b")),
    ],
)
def test_options_and_captions_are_read_as_mediawiki_reads_them(label, expected):
    assert parse(label) == expected


@pytest.mark.parametrize(
    ("label", "size"),
    [
        ("", (1600, 900)),  # its own size
        ("5000px", (1600, 900)),  # never enlarged
        ("thumb", (220, 124)),
        ("thumb|upright", (170, 96)),  # 165, to ten pixels
        ("thumb|upright=0.5", (110, 62)),
        ("thumb|upright|300px", (300, 169)),  # a size given wins over upright
        ("frameless", (220, 124)),
        ("upright", (1600, 900)),  # upright is for thumbnails and frameless
        ("x150px", (267, 150)),
        ("400x150px", (267, 150)),
        ("200x150px", (200, 112)),
        ("frame|200px", (1600, 900)),  # a frame shows the picture's own size
    ],
)
def test_the_size_shown_follows_mediawikis_rules(label, size):
    assert display_size(parse(label), 1600, 900) == size


def test_a_thumbnail_smaller_than_220_pixels_keeps_its_size():
    assert display_size(parse("thumb"), 100, 50) == (100, 50)


def _img(html):
    return re.search(r"<img [^>]*>", html).group(0)


def test_a_thumbnail_is_a_figure_on_the_right_with_its_caption():
    make_image(title="Office")

    html = render_markdown("[[File:Office|thumb|Where Jessica works]]")

    assert html.startswith(
        '<figure class="wiki-file wiki-file--thumb wiki-file--right">'
        '<a href="/files/office/">'
    )
    assert "<figcaption>Where Jessica works</figcaption></figure>" in html
    img = _img(html)
    assert 'width="220" height="124"' in img
    assert 'sizes="(max-width: 220px) 100vw, 220px"' in img
    assert re.search(r'src="/media/thumbs/[^"]+-320\.webp"', img)  # not the original
    assert " 320w" in img and " 1600w" in img
    assert 'alt="Jessica at her desk, a bottle beside her"' in img
    assert "title=" not in img


def test_a_frame_shows_the_picture_at_its_own_size_where_it_is_told():
    make_image(title="Office", size=(400, 300))

    html = render_markdown("[[File:Office|frame|left|100px|The office]]")

    assert 'class="wiki-file wiki-file--frame wiki-file--left"' in html
    assert 'width="400" height="300"' in html
    assert "<figcaption>The office</figcaption>" in html


def test_a_thumbnail_without_a_caption_shows_the_images_own():
    make_image(title="Office", caption="The Alias Investigations office")

    html = render_markdown("[[File:Office|thumb]]")

    assert "<figcaption>The Alias Investigations office</figcaption>" in html


def test_a_picture_without_a_box_sits_in_the_line_its_caption_a_tooltip():
    make_image(title="Office")

    html = render_markdown("Look: [[File:Office|frameless|border|The office]] here.")

    assert "<figure" not in html and "<figcaption" not in html
    assert html.startswith('<p>Look: <a href="/files/office/"><img ')
    img = _img(html)
    assert 'class="wiki-file__image wiki-file__image--border"' in img
    assert 'title="The office" ' in img and 'alt="The office"' in img
    assert 'width="220"' in img


def test_a_picture_placed_without_a_box_is_a_figure_without_caption():
    make_image(title="Office", size=(300, 200))

    html = render_markdown("[[File:Office|center|alt=An empty desk|The office]]")

    assert '<figure class="wiki-file wiki-file--center">' in html
    assert "<figcaption" not in html
    img = _img(html)
    assert 'alt="An empty desk"' in img and 'title="The office"' in img
    assert 'width="300" height="200"' in img


def test_none_sets_a_thumbnail_on_its_own_line():
    make_image(title="Office")

    html = render_markdown("[[File:Office|thumb|none]]")

    assert '<figure class="wiki-file wiki-file--thumb wiki-file--none">' in html


def test_a_picture_set_apart_splits_its_paragraph():
    make_image(title="Office")

    html = render_markdown("Before the office.\n[[File:Office|thumb|Cap]]\nAfter it.")

    assert html.startswith("<p>Before the office.</p>\n<figure ")
    assert html.endswith("</figure>\n<p>After it.</p>\n")


def test_link_leads_to_a_page_an_address_or_nowhere(client):
    make_image(title="Office")
    page = make_revised_page(title="Alias Investigations", slug="alias-investigations")

    html = render_markdown(
        "[[File:Office|link=Alias Investigations]] [[File:Office|link=]] "
        "[[File:Office|link=https://example.com/a]] "
        "[[File:Office|link=javascript:alert(1)]] [[File:Office|link=No such page]]"
    )

    links = re.findall(r"<a [^>]*>", html)
    assert links[0] == f'<a href="{page.get_absolute_url()}">'
    assert links[1] == '<a href="https://example.com/a" rel="nofollow ugc noopener">'
    assert (
        links[2] == '<a href="/wiki/javascriptalert1/?title=javascript%3Aalert%281%29">'
    )
    assert links[3] == '<a href="/wiki/no-such-page/?title=No+such+page">'
    assert html.count("<img ") == 5 and "javascript:" not in html


def test_link_to_a_page_the_reader_has_not_reached_links_nowhere():
    make_image(title="Office")
    make_character(title="Kilgrave", slug="kilgrave", revealed_in=position(1, 3))

    early = render_markdown("[[File:Office|link=Kilgrave]]", position=position(1, 1))
    late = render_markdown("[[File:Office|link=Kilgrave]]", position=position(1, 3))

    assert "<a " not in early and "kilgrave" not in early.lower()
    assert '<a href="/characters/kilgrave' in late


def test_an_image_a_later_episode_reveals_waits_for_it():
    make_image(title="Purple man", revealed_in=position(1, 8))
    text = "[[File:Purple man|thumb|Him]]"

    assert "<img" not in render_markdown(text, position=position(1, 7))
    assert "<img" in render_markdown(text, position=position(1, 8))


def test_plain_text_keeps_the_caption_alone():
    make_image(title="Office")

    text = plain_text("Intro. [[File:Office|thumb|left|200px|The set]] End.")

    assert text == "Intro. The set End."


def test_link_targets_count_as_links_of_the_page():
    make_image(title="Office")

    page = make_revised_page(title="Tour", body="[[File:Office|link=Hell's Kitchen]]")

    assert set(
        PageLink.objects.filter(source=page).values_list("target_slug", flat=True)
    ) == {
        "office",
        "hells-kitchen",
    }


def test_the_sanitiser_keeps_only_the_classes_pictures_use():
    dirty = (
        '<figure class="wiki-file wiki-file--thumb spy" style="position:fixed">'
        '<img class="wiki-file__image--border evil" src="/a.png" title="t" '
        'onerror="alert(1)"><figcaption class="x">c</figcaption></figure>'
        '<p class="wiki-file--left">p</p>'
    )

    clean = sanitise(dirty)

    assert '<figure class="wiki-file wiki-file--thumb">' in clean
    assert '<img class="wiki-file__image--border" src="/a.png" title="t">' in clean
    assert "spy" not in clean and "style" not in clean and "onerror" not in clean
    assert "<figcaption>c</figcaption>" in clean
    assert "wiki-file--left" not in clean


def test_a_text_of_many_pictures_resolves_them_in_one_query(
    django_assert_num_queries,
):
    for n in range(6):
        make_image(title=f"Still {n}", size=(300, 200))
    text = "\n\n".join(f"[[File:Still {n}|thumb|left|Still {n}]]" for n in range(6))

    with django_assert_num_queries(1):
        html = render_markdown(text)

    assert html.count('class="wiki-file wiki-file--thumb wiki-file--left"') == 6
