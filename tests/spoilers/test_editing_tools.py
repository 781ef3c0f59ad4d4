"""The editing tools hold the whole story (issue 17): a reader who has not
watched everything is warned before any of them shows a page's source, old
texts or edit summaries, and recent changes, contributions and the watchlist
leave summaries out for them. Strings from the seed content: Kilgrave's
biography block tagged S1E13 ("breaks his neck")."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from community.models import Watch
from episodes.models import Series
from tests.factories import make_user
from wiki import services
from wiki.models import Revision
from wiki.models.pages import PageQuerySet
from wiki.views import spoiler_gate

BIOGRAPHY = "breaks his neck"
SUMMARY = "He is Deceased by the finale"
WARNING = "Show the editing tools anyway"
PURPLE = "He has a purple suit."

# Every view that shows a page's source, its old texts, differences or edit
# summaries in full, by URL name, with an address of it for Kilgrave.
GATED = {
    "wiki:edit": "/wiki/kilgrave/edit/",
    "wiki:history": "/wiki/kilgrave/history/",
    "wiki:revision": "/wiki/kilgrave/history/{number}/",
    "wiki:diff": "/wiki/kilgrave/diff/",
    "wiki:restore": "/wiki/kilgrave/history/1/restore/",
    "wiki:patrol": "/patrol/",
    # The picture and gallery forms show every picture of the page.
    "multimedia:picture": "/wiki/kilgrave/picture/",
    "multimedia:gallery": "/wiki/kilgrave/gallery/",
    # Every credit of a page, and one credit to change.
    "credits:manage": "/wiki/kilgrave/credits/",
    "credits:change": "/credits/cast/{credit}/",
    # Every relation, those revealed past the reader's episode too.
    "characters:relations": "/wiki/kilgrave/relations/",
}
# What each one shows of the whole story once the reader went on.
SHOWN = {
    "wiki:edit": BIOGRAPHY,
    "wiki:history": SUMMARY,
    "wiki:revision": SUMMARY,
    "wiki:diff": SUMMARY,
    "wiki:restore": PURPLE,
    "wiki:patrol": PURPLE,
    "multimedia:picture": "Kilgrave",
    "multimedia:gallery": "Kilgrave",
    "credits:manage": "David Tennant",
    "credits:change": "David Tennant",
    "characters:relations": "Albert Thompson",
}

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def series():
    return Series.objects.get()


@pytest.fixture
def kilgrave(series):
    """Kilgrave, edited by a newcomer (so the edit waits for patrol) with a
    summary that tells the ending."""
    page = series.characters.get(slug="kilgrave")
    author = make_user(username="newcomer")
    services.revise_page(
        page=page,
        author=author,
        changes={"body": f"{page.body}\n\n{PURPLE}"},
        base_revision=page.current_revision,
        summary=SUMMARY,
    )
    page.refresh_from_db()
    return page


@pytest.fixture
def editor(client, series):
    """An editor (who may patrol) who has watched up to S1E3."""
    user = make_user(username="editor", role="Editors")
    client.force_login(user)
    session = client.session
    session["progress"] = f"{series.pk}:S1E3"
    session.save()
    return user


def _address(name, kilgrave):
    credit = kilgrave.cast_credits.first()
    return GATED[name].format(number=kilgrave.current_revision.number, credit=credit.pk)


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else ""
            yield from _url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_view_of_the_whole_story_is_gated_and_no_other():
    names = dict(_url_names(get_resolver().url_patterns))
    gated = {
        name for name, view in names.items() if getattr(view, "whole_story_gate", 0)
    }

    assert gated == set(GATED)


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_reader_before_everything_is_warned_first_and_the_page_is_not_told(
    client, kilgrave, editor, name, django_assert_max_num_queries
):
    address = _address(name, kilgrave)
    # No more than the site's chrome for a contributor: no page is read.
    with django_assert_max_num_queries(5):
        response = client.get(address)

    assert response.status_code == 200
    html = response.text
    assert WARNING in html
    assert "including what happens past where you have watched" in html
    # Nothing of the page beyond its address: no title, text or summary.
    assert "Kilgrave" not in html
    assert BIOGRAPHY not in html and SUMMARY not in html
    assert 'name="robots" content="noindex"' in html
    assert f'name="next" value="{address}"' in html
    back = "/wiki/kilgrave/" if "kilgrave" in GATED[name] else "/"
    assert f'<a href="{back}">Go back</a>' in html


@pytest.mark.parametrize("name", sorted(GATED))
def test_going_on_shows_the_tool_and_is_remembered(client, kilgrave, editor, name):
    address = _address(name, kilgrave)

    response = client.post("/whole-story/", {"next": address})
    assert response.status_code == 302
    assert response["Location"] == address

    html = client.get(address).text
    assert WARNING not in html
    assert SHOWN[name] in html


def test_readers_at_everything_are_never_asked(client, kilgrave):
    client.force_login(make_user(username="binger"))

    html = client.get("/wiki/kilgrave/edit/").text

    assert WARNING not in html and BIOGRAPHY in html


def test_the_choice_is_kept_twelve_hours(client, kilgrave, editor, monkeypatch):
    client.post("/whole-story/", {"next": "/wiki/kilgrave/history/"})
    now = spoiler_gate.time.time()

    monkeypatch.setattr(spoiler_gate.time, "time", lambda: now + 11 * 3600)
    assert WARNING not in client.get("/wiki/kilgrave/history/").text
    monkeypatch.setattr(spoiler_gate.time, "time", lambda: now + 13 * 3600)
    assert WARNING in client.get("/wiki/kilgrave/history/").text


def test_a_visitor_is_asked_too_and_their_choice_is_theirs_alone(
    client, kilgrave, settings
):
    """Visitors keep their progress in a cookie, and pages for them are cached
    by address and progress; going on puts them in a session, so no other
    visitor at their progress is served what they chose."""
    from django.test import Client

    settings.WIKI_PAGE_CACHE = "default"
    client.cookies["progress"] = "S1E3"
    other = Client()
    other.cookies["progress"] = "S1E3"

    assert WARNING in client.get("/wiki/kilgrave/history/").text
    client.post("/whole-story/", {"next": "/wiki/kilgrave/history/"})

    assert SUMMARY in client.get("/wiki/kilgrave/history/").text
    assert WARNING in other.get("/wiki/kilgrave/history/").text


def test_going_on_returns_only_to_this_site(client, editor):
    response = client.post("/whole-story/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/whole-story/").status_code == 405


def test_saving_an_edit_works_whether_or_not_the_reader_went_on(
    client, kilgrave, editor
):
    """A POST comes from the edit form: it is never stopped by the warning,
    and a refused one keeps what was typed."""
    form = {
        "title": kilgrave.title,
        "status": kilgrave.status,
        "description": kilgrave.description,
        "aliases": kilgrave.aliases,
        "affiliations": kilgrave.affiliations,
        "body": kilgrave.body + "\n\nHe likes purple.",
        "categories": "",
        "sources": "",
        "base_revision": kilgrave.current_revision_id,
        "summary": "Colour",
        "save": "1",
    }

    saved = client.post("/wiki/kilgrave/edit/", form)
    broken = client.post(
        "/wiki/kilgrave/edit/", form | {"status": "S0E2: Gone", "body": "Mine."}
    )

    assert saved.status_code == 302
    assert Revision.objects.filter(page=kilgrave, summary="Colour").exists()
    assert broken.status_code == 400
    assert "Mine." in broken.text and WARNING not in broken.text


def _hide_kilgrave(monkeypatch):
    """Kilgrave's existence revealed only to readers at everything: a stand-in
    for the position pages will carry (`PageQuerySet.revealed_to`)."""
    real = PageQuerySet.revealed_to

    def revealed_to(self, progress):
        shown = real(self, progress)
        return shown if progress.is_everything else shown.exclude(slug="kilgrave")

    monkeypatch.setattr(PageQuerySet, "revealed_to", revealed_to)


# For an editor: the site's chrome (5), and the list, with their patrol marks;
# a profile's count, block and discussion link, and notifications, besides.
@pytest.mark.parametrize(
    ("address", "budget"), [("/changes/", 6), ("/users/newcomer/", 10)]
)
def test_changes_leave_summaries_and_unknown_pages_out_before_everything(
    client,
    kilgrave,
    editor,
    monkeypatch,
    address,
    budget,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(budget):
        early = client.get(address).text
    _hide_kilgrave(monkeypatch)
    with django_assert_max_num_queries(budget):
        hidden = client.get(address).text
    client.post("/whole-story/", {"next": address})
    went_on = client.get(address).text
    session = client.session
    session["progress"] = ""
    session.save()
    everything = client.get(address).text

    assert "/wiki/kilgrave/" in early and SUMMARY not in early
    assert "/wiki/kilgrave/" not in hidden
    assert SUMMARY in everything and "/wiki/kilgrave/" in everything
    # Going on shows summaries; which pages exist still follows the progress.
    assert "/wiki/kilgrave/" not in went_on


def test_summaries_show_after_going_on(client, kilgrave, editor):
    assert SUMMARY not in client.get("/changes/").text
    client.post("/whole-story/", {"next": "/changes/"})
    assert SUMMARY in client.get("/changes/").text
    assert SUMMARY in client.get("/users/newcomer/").text


def test_recent_changes_cached_for_one_reader_are_not_served_to_another(
    client, series, kilgrave, editor, settings
):
    """The list is a cached fragment: one with summaries, for a reader who
    went on, is never served to one who did not."""
    settings.WIKI_FRAGMENT_CACHE = "default"
    client.post("/whole-story/", {"next": "/changes/"})
    assert SUMMARY in client.get("/changes/").text

    client.force_login(make_user(username="other", role="Editors"))
    session = client.session
    session["progress"] = f"{series.pk}:S1E3"
    session.save()
    assert SUMMARY not in client.get("/changes/").text


def test_the_watchlist_leaves_summaries_out_before_everything(client, kilgrave, editor):
    Watch.objects.create(user=editor, page=kilgrave)

    early = client.get("/watchlist/").text
    client.post("/whole-story/", {"next": "/watchlist/"})
    went_on = client.get("/watchlist/").text

    assert "/wiki/kilgrave/" in early and SUMMARY not in early
    assert SUMMARY in went_on


def test_the_edit_page_explains_staging(client, kilgrave):
    client.force_login(make_user(username="writer"))

    html = client.get("/wiki/kilgrave/edit/").text

    assert "Untagged text is revealed at the page’s own first point" in html
    assert "a character’s first appearance, an episode’s own episode" in html
    assert "<code>manage.py audit_spoilers</code>" in html
