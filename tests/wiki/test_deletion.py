"""Deleting and undeleting pages through the site: who may, what a deleted
page's address answers, where it disappears from, and how it comes back."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from characters.models import Character
from episodes.models import Episode
from tests.factories import (
    make_episode,
    make_revised_page,
    make_season,
    make_user,
)
from wiki import deletion, logs, services
from wiki.models import LogEntry, Page, PageCategory, Revision, SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_user(username="moderator", role="Editors")
    client.force_login(user)
    return user


def _article(title, **fields):
    """An article at the address its title gives."""
    return make_revised_page(title=title, slug=slugify(title), **fields)


def _deleter():
    user = get_user_model().objects.filter(username="deleter").first()
    return user or make_user(username="deleter", role="Editors")


def _delete(page, reason="Vandalism"):
    return deletion.delete_page(page=page, actor=_deleter(), reason=reason)


def _revised(page, *bodies, author=None):
    for body in bodies:
        services.revise_page(
            page=page,
            author=author,
            changes={"body": body},
            base_revision=Page.objects.get(pk=page.pk).current_revision,
        )


# Deleting


def test_the_delete_form_offers_common_reasons_and_says_what_it_hides(
    client, editor, seeded
):
    response = client.get("/wiki/kilgrave/delete/")

    assert response.status_code == 200
    assert '<option value="Vandalism">Vandalism</option>' in response.text
    assert "Other or additional reason" in response.text
    assert "links to it turn red" in response.text
    assert "redirect" in response.text  # "Zebediah Killgrave" and others lead here


def test_an_editor_deletes_a_page_with_a_reason(client, editor):
    page = _article("Spam page", body="Buy things.")
    _revised(page, "Buy more things.")

    response = client.post(
        "/wiki/spam-page/delete/",
        {"common_reason": "Spam or advertising", "reason": "posted twice"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/wiki/spam-page/"
    page = Page.including_deleted.get(pk=page.pk)
    assert page.is_deleted
    assert page.revisions.count() == 2  # the row and its history are kept
    entry = LogEntry.objects.get(action=logs.Action.DELETE)
    assert (entry.actor, entry.page, entry.reason) == (
        editor,
        page,
        "Spam or advertising: posted twice",
    )

    gone = client.get("/wiki/spam-page/")
    assert gone.status_code == 410
    assert "“Spam page” was deleted." in gone.text  # the message
    assert "Deleted on" in gone.text and "moderator" in gone.text
    assert "“Spam or advertising: posted twice”" in gone.text


def test_a_deletion_needs_a_reason_and_keeps_what_was_typed(client, editor):
    _article("Spam page")

    empty = client.post("/wiki/spam-page/delete/", {"reason": ""})
    too_long = client.post("/wiki/spam-page/delete/", {"reason": "x" * 401 + "kept"})

    assert empty.status_code == 400
    assert "Give a reason: it is shown in the log." in empty.text
    assert too_long.status_code == 400
    assert "x" * 401 + "kept" in too_long.text
    assert Page.objects.filter(slug="spam-page").exists()
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("role", ["Contributors", None])
def test_only_editors_may_delete_or_undelete(client, role):
    page = _article("Spam page", body="Secret spam text.")
    client.force_login(make_user(username="someone", role=role))

    assert client.get("/wiki/spam-page/delete/").status_code == 403
    refused = client.post("/wiki/spam-page/delete/", {"reason": "mine"})
    assert refused.status_code == 403
    assert "Only editors may delete and undelete pages." in refused.text
    assert Page.objects.filter(pk=page.pk).exists()

    _delete(page)
    assert client.post("/wiki/spam-page/undelete/", {"reason": "x"}).status_code == 403
    assert Page.including_deleted.get(pk=page.pk).is_deleted


def test_visitors_are_asked_to_log_in_and_gets_are_no_deletion(client, db):
    _article("Spam page")

    response = client.post("/wiki/spam-page/delete/", {"reason": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Page.objects.filter(slug="spam-page").exists()


def test_deletions_are_rate_limited(client, editor, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = {
        **settings.WIKI_RATE_LIMITS,
        "delete": {"user": (1, 600)},
    }
    _article("First")
    _article("Second")

    assert client.post("/wiki/first/delete/", {"reason": "x"}).status_code == 302
    second = client.post("/wiki/second/delete/", {"reason": "x"})

    assert second.status_code == 429
    assert "Wait a few minutes" in second.text
    assert Page.objects.filter(slug="second").exists()


def test_a_deleted_page_cannot_be_deleted_again_or_edited(client, editor):
    page = _article("Spam page")
    _delete(page)

    assert client.get("/wiki/spam-page/delete/").status_code == 410
    assert client.get("/wiki/spam-page/edit/").status_code == 410
    assert client.post("/wiki/spam-page/edit/", {"body": "x"}).status_code == 410
    assert client.get("/wiki/spam-page/links/").status_code == 410
    with pytest.raises(Exception, match="already deleted"):
        _delete(page)


# What a deleted page's address answers


def test_the_address_answers_410_with_who_when_and_why_and_nothing_more(client, seeded):
    _delete(Character.objects.get(slug="kilgrave"), reason="Test of deletion")

    response = client.get("/characters/kilgrave/")

    assert response.status_code == 410
    assert "This character has been deleted." in response.text
    assert "deleter" in response.text and "Test of deletion" in response.text
    assert "purple" not in response.text.lower()  # nothing of the content
    assert "Undelete" not in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert client.get("/wiki/kilgrave/").status_code == 410  # permanent address


def test_editors_get_an_undelete_button_and_the_deleted_history(client, editor):
    page = _article("Spam page")
    _revised(page, "Second.", "Third.")
    _delete(page)

    html = client.get("/wiki/spam-page/").text

    assert 'href="/wiki/spam-page/undelete/"' in html
    assert "Deleted history (3 revisions)" in html


def test_a_redirect_to_a_deleted_page_answers_the_same_410(client, seeded):
    _delete(Character.objects.get(slug="trish-walker"), reason="Merged away")

    response = client.get("/characters/patsy/")

    assert response.status_code == 410
    assert "“Patsy” leads to “Trish Walker”, which has been deleted." in response.text
    assert "Merged away" in response.text


def test_410_pages_cost_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    small = _article("Small")
    large = _article("Large")
    _revised(large, *(f"Text {n}." for n in range(30)))
    for page in (small, large):
        _delete(page)

    # An editor's: session, account, rights, the unread count, the deletion.
    for slug in ("small", "large"):
        with django_assert_max_num_queries(11):
            assert client.get(f"/wiki/{slug}/").status_code == 410


# Deleted revisions


def test_editors_read_and_compare_deleted_revisions(client, editor):
    page = _article("Spam page", body="First words.")
    _revised(page, "Second words.")
    _delete(page)

    history = client.get("/wiki/spam-page/history/")
    revision = client.get("/wiki/spam-page/history/1/")
    diff = client.get("/wiki/spam-page/diff/?from=1&to=2")

    assert history.status_code == revision.status_code == diff.status_code == 200
    assert "This page is deleted: only editors see this." in history.text
    assert "First words." in revision.text
    assert "Second" in diff.text
    assert "restore…" not in history.text and "Roll back" not in history.text


@pytest.mark.parametrize("role", ["Contributors", None])
def test_others_get_410_and_nothing_of_deleted_revisions(client, role):
    page = _article("Spam page", body="Secret spam words.")
    _revised(page, "More secret words.")
    _delete(page)
    if role:
        client.force_login(make_user(username="someone", role=role))

    for url in (
        "/wiki/spam-page/history/",
        "/wiki/spam-page/history/1/",
        "/wiki/spam-page/diff/?from=1&to=2",
        "/wiki/spam-page/history/1/restore/",
        "/wiki/spam-page/undelete/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 410), url
        assert "secret" not in response.text.lower(), url


# Where a deleted page disappears from


def test_a_deleted_page_disappears_from_every_surface(client, seeded):
    kilgrave = Character.objects.get(slug="kilgrave")
    assert PageCategory.objects.filter(page=kilgrave).exists()
    _delete(kilgrave)

    assert "/characters/kilgrave/" not in client.get("/characters/").text
    assert "/characters/kilgrave/" not in client.get("/wiki/?letter=K").text
    assert "/characters/kilgrave/" not in client.get("/categories/characters/").text
    assert not SearchEntry.objects.filter(page=kilgrave).exists()
    search = client.get("/search/", {"q": "Kilgrave"}).text
    assert "/characters/kilgrave/" not in search
    suggestions = client.get("/search/suggest/", {"q": "Kilg"}).json()["results"]
    assert all(s["url"] != "/characters/kilgrave/" for s in suggestions)
    assert "/characters/kilgrave/" not in client.get("/sitemap-pages.xml").text
    assert "/characters/kilgrave/" not in client.get("/feeds/new/").text
    changes = client.get("/changes/?kind=character").text
    assert "/characters/kilgrave/" not in changes
    assert client.get("/api/characters/kilgrave").status_code == 404
    listed = client.get("/api/characters?page=1").json()["items"]
    assert all(c["slug"] != "kilgrave" for c in listed)
    # Links to it are red; pages it linked to no longer list it.
    article = client.get("/wiki/season-2-premieres-on-8-march-2018/").text
    assert 'class="wikilink" href="/characters/kilgrave/"' not in article
    assert 'class="wikilink-new" href="/wiki/kilgrave/' in article
    jessica = client.get("/wiki/jessica-jones/links/").text
    assert ">Kilgrave<" not in jessica


def test_random_never_lands_on_a_deleted_page(client, db):
    kept = _article("Kept")
    _delete(_article("Gone"))

    for _ in range(10):
        assert client.get("/random/")["Location"] == kept.get_absolute_url()


def test_a_typed_pages_credits_are_kept_and_hidden_with_it(client, seeded):
    before = client.get("/people/david-tennant/").text
    assert "/characters/kilgrave/" in before
    assert "/characters/kilgrave/" in client.get("/episodes/aka-ladies-night/").text
    api_before = client.get("/api/credits/cast", {"person": "david-tennant"}).json()
    assert api_before["count"] > 0

    kilgrave = Character.objects.get(slug="kilgrave")
    credits = kilgrave.cast_credits.model._base_manager.filter(character=kilgrave)
    count = credits.count()
    _delete(kilgrave)

    assert credits.count() == count  # kept
    assert kilgrave.cast_credits.model.objects.filter(character=kilgrave).count() == 0
    person = client.get("/people/david-tennant/").text
    assert "/characters/kilgrave/" not in person
    api_after = client.get("/api/credits/cast", {"person": "david-tennant"}).json()
    played = credits.filter(person__slug="david-tennant").count()
    assert api_after["count"] == api_before["count"] - played
    episode = client.get("/episodes/aka-ladies-night/").text
    assert "/characters/kilgrave/" not in episode

    deletion.undelete_page(page=kilgrave, actor=None, reason="Back")
    assert "/characters/kilgrave/" in client.get("/people/david-tennant/").text


def test_a_page_others_need_cannot_be_deleted_before_them(client, editor):
    season = make_season(title="Season one")
    episode = make_episode(season=season, title="Pilot")
    for page in (season, episode):
        services.record_revision(page=page)

    refused = client.post(f"/wiki/{season.slug}/delete/", {"reason": "x"})

    assert refused.status_code == 409
    assert "“Pilot” cannot stand without this page: delete them first." in (
        refused.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert not Page.including_deleted.get(pk=season.pk).is_deleted

    _delete(episode)
    assert (
        client.post(f"/wiki/{season.slug}/delete/", {"reason": "x"}).status_code == 302
    )
    episode_back = client.post(f"/wiki/{episode.slug}/undelete/", {"reason": "x"})
    assert episode_back.status_code == 409
    assert "which is deleted: undelete that first" in episode_back.text


def test_the_page_cache_never_serves_a_deleted_page(client, settings, commit):
    settings.WIKI_PAGE_CACHE = "default"
    page = _article("Cached page")
    assert client.get("/wiki/cached-page/").status_code == 200
    assert client.get("/wiki/cached-page/")["X-Page-Cache"] == "hit"

    with commit():
        _delete(page)

    assert client.get("/wiki/cached-page/").status_code == 410


# Undeleting


def test_undelete_brings_the_page_back_with_its_whole_history(client, editor, seeded):
    kilgrave = Character.objects.get(slug="kilgrave")
    _revised(kilgrave, "Changed once.", "Changed twice.")
    revisions = list(kilgrave.revisions.values_list("pk", "number", "data"))
    current = Page.objects.get(pk=kilgrave.pk).current_revision_id
    categories = set(kilgrave.category_links.values_list("category_id", flat=True))
    _delete(kilgrave)

    form = client.get("/wiki/kilgrave/undelete/")
    response = client.post("/wiki/kilgrave/undelete/", {"reason": "Deleted by mistake"})

    assert form.status_code == 200 and "Deleted on" in form.text
    assert response.status_code == 302
    assert response["Location"] == "/characters/kilgrave/"
    back = Page.objects.get(pk=kilgrave.pk)
    assert back.current_revision_id == current
    assert list(back.revisions.values_list("pk", "number", "data")) == revisions
    assert set(back.category_links.values_list("category_id", flat=True)) == categories
    assert client.get("/characters/kilgrave/").status_code == 200
    assert "/characters/kilgrave/" in client.get("/search/", {"q": "Kilgrave"}).text
    assert client.get("/characters/patsy/").status_code == 302  # others untouched
    entry = LogEntry.objects.get(action=logs.Action.UNDELETE)
    assert (entry.actor, entry.reason) == (editor, "Deleted by mistake")
    assert entry.details["revisions"] == len(revisions)


def test_undelete_is_refused_when_a_new_page_took_the_address(client, editor):
    old = _article("Hogarth", body="The old page.")
    _delete(old)
    services.create_article(author=editor, changes={"title": "Hogarth", "body": "New"})

    response = client.post("/wiki/hogarth/undelete/", {"reason": "Back"})

    assert response.status_code == 409
    assert "A new page, “Hogarth”, has been created at this address since" in (
        response.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert Page.including_deleted.get(pk=old.pk).is_deleted
    assert not LogEntry.objects.filter(action=logs.Action.UNDELETE).exists()


def test_undelete_of_an_address_without_a_deleted_page_is_404(client, editor):
    _article("Alive")

    assert client.get("/wiki/alive/undelete/").status_code == 404
    assert client.get("/wiki/never-was/undelete/").status_code == 404


def test_a_new_page_may_take_the_address_of_a_redirect_to_a_deleted_page(
    client, seeded
):
    _delete(Character.objects.get(slug="trish-walker"))
    author = make_user(username="writer")

    article = services.create_article(
        author=author, changes={"title": "Patsy", "body": "A new page."}
    )

    assert client.get(article.get_absolute_url()).status_code == 200


def test_log_entries_are_append_only(db):
    page = _article("Spam page")
    entry = _delete(page)

    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        LogEntry.objects.all().delete()
    with pytest.raises(ValueError, match="append-only"):
        LogEntry.objects.update(reason="rewritten")
    assert LogEntry.objects.get().reason == "Vandalism"


def test_revisions_of_deleted_pages_leave_contributions_and_recent_changes(client, db):
    author = make_user(username="writer")
    page = _article("Spam page")
    _revised(page, "Spam by writer.", author=author)
    assert "Spam page" in client.get("/users/writer/").text

    _delete(page)

    assert "Spam page" not in client.get("/users/writer/").text
    assert "Spam page" not in client.get("/changes/").text
    assert Revision.objects.filter(page_id=page.pk).count() == 2


def test_a_deleted_episodes_number_is_refused_with_a_reason(db):
    season = make_season(title="Season one")
    first = make_episode(season=season, title="Pilot")
    services.record_revision(page=first)
    _delete(first)

    again = Episode(season=season, number=1, number_overall=1, title="New", slug="n")

    with pytest.raises(ValidationError, match="A deleted episode has this number"):
        again.full_clean()
