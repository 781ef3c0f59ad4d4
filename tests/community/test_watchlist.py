import re
import xml.etree.ElementTree as ET

import pytest

from community.models import Preferences, Watch
from talk import services as talk_services
from tests.factories import make_revised_page, make_user
from wiki import services
from wiki.deletion import delete_page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _edit(page, author, *, is_minor=False, summary="", **changes):
    page.refresh_from_db()
    return services.revise_page(
        page=page,
        author=author,
        changes=services.snapshot(services.typed(page)) | changes,
        base_revision=page.current_revision,
        summary=summary,
        is_minor=is_minor,
    )


def test_every_page_has_a_watch_button_for_a_contributor(client, jess):
    page = make_revised_page()

    html = client.get(page.get_absolute_url()).text

    assert f'action="/wiki/{page.slug}/watch/"' in html
    assert 'name="watch" value="1"' in html
    assert "☆" in html and ">Watch<" in html


def test_visitors_get_a_link_to_log_in_and_no_form(client, db):
    page = make_revised_page()

    html = client.get(page.get_absolute_url()).text

    assert f"/accounts/login/?next={page.get_absolute_url()}" in html
    assert f"/wiki/{page.slug}/watch/" not in html


def test_watching_and_unwatching_without_javascript(client, jess):
    page = make_revised_page()

    response = client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"}, follow=True)

    assert Watch.objects.filter(user=jess, page=page).exists()
    assert "is on your watchlist" in response.text
    assert 'name="watch" value="0"' in response.text and "★" in response.text

    client.post(f"/wiki/{page.slug}/watch/", {"watch": "0"})

    assert not Watch.objects.filter(user=jess, page=page).exists()


def test_watching_twice_keeps_one_watch(client, jess):
    page = make_revised_page()

    client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})
    client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})

    assert Watch.objects.filter(user=jess, page=page).count() == 1


def test_the_script_gets_json(client, jess):
    page = make_revised_page()

    response = client.post(
        f"/wiki/{page.slug}/watch/",
        {"watch": "1"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json()["watching"] is True
    assert "is on your watchlist" in response.json()["message"]


def test_watching_goes_back_to_the_page_or_a_safe_next(client, jess):
    page = make_revised_page()

    back = client.post(f"/wiki/{page.slug}/watch/", {"next": "/watchlist/"})
    away = client.post(f"/wiki/{page.slug}/watch/", {"next": "https://evil.example/"})

    assert back["Location"] == "/watchlist/"
    assert away["Location"] == page.get_absolute_url()


def test_watching_refuses_visitors_get_and_unknown_pages(client, db):
    page = make_revised_page()

    visitor = client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})
    visitor_json = client.post(
        f"/wiki/{page.slug}/watch/", headers={"Accept": "application/json"}
    )

    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert visitor_json.status_code == 403
    assert not Watch.objects.exists()
    client.force_login(make_user())
    assert client.get(f"/wiki/{page.slug}/watch/").status_code == 405
    assert client.post("/wiki/no-such-page/watch/").status_code == 404


def test_watching_follows_the_page_to_its_own_address(client, jess):
    page = make_revised_page(title="Alias Investigations")
    old = f"/wiki/{page.slug}/watch/"
    _edit(page, jess, title="Alias Investigations Agency")
    page.refresh_from_db()
    own = f"/wiki/{page.slug}/watch/"

    renamed = client.post(old, {"watch": "1"})
    letters = client.post(f"/wiki/{page.slug.upper()}/watch/", {"watch": "1"})
    followed = client.post(old, {"watch": "1"}, follow=True)

    assert page.slug == "alias-investigations-agency"
    assert (renamed.status_code, renamed["Location"]) == (307, own)
    assert (letters.status_code, letters["Location"]) == (307, own)
    assert followed.status_code == 200
    assert "is on your watchlist" in followed.text
    assert Watch.objects.filter(user=jess, page=page).exists()


def test_watching_a_deleted_page_answers_410(client, jess):
    from wiki.deletion import delete_page

    page = make_revised_page()
    delete_page(page=page, actor=make_user(username="editor"), reason="Spam")

    response = client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})

    assert response.status_code == 410
    assert not Watch.objects.exists()


def test_watching_needs_the_csrf_token(db):
    from django.test import Client

    page = make_revised_page()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())

    response = client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})

    assert response.status_code == 403
    assert not Watch.objects.exists()


def test_watch_toggling_is_rate_limited(client, jess, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {"watch": {"user": (3, 60)}}
    page = make_revised_page()
    for _ in range(3):
        client.post(f"/wiki/{page.slug}/watch/", {"watch": "1"})

    html = client.post(f"/wiki/{page.slug}/watch/", {"watch": "0"}, follow=True).text
    as_json = client.post(
        f"/wiki/{page.slug}/watch/",
        {"watch": "0"},
        headers={"Accept": "application/json"},
    )

    assert "too fast" in html
    assert as_json.status_code == 429
    assert Watch.objects.filter(user=jess).exists()


def test_pages_you_create_or_edit_are_watched(client, jess, commit):
    page = make_revised_page()
    with commit():
        _edit(page, jess, body="Jess was here.")

    assert Watch.objects.filter(user=jess, page=page).exists()


def test_an_edit_through_the_site_watches_the_page(client, jess, commit):
    page = make_revised_page()
    page.refresh_from_db()
    data = {
        name: "" if value is None else value
        for name, value in services.snapshot(services.typed(page)).items()
    } | {
        "body": "New text.",
        "base_revision": page.current_revision_id,
        "summary": "",
    }
    with commit():
        response = client.post(f"/wiki/{page.slug}/edit/", data)

    assert response.status_code == 302
    assert Watch.objects.filter(user=jess, page=page).exists()


def test_auto_watch_can_be_turned_off(client, jess, commit):
    Preferences.objects.create(user=jess, auto_watch=False)
    page = make_revised_page()
    with commit():
        _edit(page, jess, body="Jess was here.")

    assert not Watch.objects.filter(user=jess).exists()


def test_the_watchlist_shows_changes_to_watched_pages_only(client, jess, commit):
    watched = make_revised_page(title="Watched page")
    other = make_revised_page(title="Other page")
    Watch.objects.create(user=jess, page=watched)
    trish = make_user(username="trish")
    _edit(watched, trish, body="Trish's text.", summary="Trish edits")
    _edit(other, trish, body="Elsewhere.", summary="Elsewhere edit")

    html = client.get("/watchlist/").text

    assert "Trish edits" in html and "Elsewhere edit" not in html
    assert f"/wiki/{watched.slug}/diff/?from=1&amp;to=2" in html


def test_the_watchlist_marks_what_is_new_since_the_last_visit(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    trish = make_user(username="trish")
    _edit(page, trish, body="One.", summary="First change")

    first = client.get("/watchlist/").text
    second = client.get("/watchlist/").text
    _edit(page, trish, body="Two.", summary="Second change")
    third = client.get("/watchlist/").text

    assert first.count('class="badge badge--new"') == 2  # both revisions
    assert 'class="badge badge--new"' not in second
    assert third.count('class="badge badge--new"') == 1
    assert re.search(r"changes__new.*?Second change", third, re.S)


def test_your_own_edits_are_never_new_to_you(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    client.get("/watchlist/")
    _edit(page, jess, body="Mine.", summary="My own change")
    _edit(page, make_user(username="trish"), body="Hers.", summary="Her change")

    html = client.get("/watchlist/").text

    assert html.count('class="badge badge--new"') == 1
    assert re.search(r"changes__new.*?Her change", html, re.S)
    assert not re.search(r'changes__new">(?:(?!</li>).)*My own change', html, re.S)


def test_the_watchlist_filters(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    trish = make_user(username="trish")
    _edit(page, trish, body="Minor.", summary="A minor fix", is_minor=True)
    _edit(page, jess, body="Mine.", summary="My own change")
    _edit(page, trish, body="Major.", summary="A big change")

    everything = client.get("/watchlist/").text
    no_minor = client.get("/watchlist/", {"hideminor": "1"}).text
    not_mine = client.get("/watchlist/", {"hidemine": "1"}).text
    episodes_only = client.get("/watchlist/", {"kind": "episode"}).text
    odd = client.get("/watchlist/", {"kind": "nothing", "days": "99999999999999999"})

    assert all(
        s in everything for s in ("A minor fix", "My own change", "A big change")
    )
    assert "A minor fix" not in no_minor and "A big change" in no_minor
    assert "My own change" not in not_mine and "A minor fix" in not_mine
    assert "A big change" not in episodes_only
    assert odd.status_code == 200 and "A big change" in odd.text


def test_the_watchlist_period_leaves_older_changes_out(client, jess):
    from datetime import timedelta

    from django.utils import timezone

    from wiki.models import Revision

    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    old = _edit(page, make_user(username="trish"), body="Old.", summary="Long ago")
    Revision.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )

    assert "Long ago" not in client.get("/watchlist/").text
    assert "Long ago" in client.get("/watchlist/", {"days": "30"}).text


def test_unwatching_from_the_list(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    _edit(page, make_user(username="trish"), body="Two.")
    html = client.get("/watchlist/").text
    assert 'name="watch" value="0"' in html

    response = client.post(
        f"/wiki/{page.slug}/watch/", {"watch": "0", "next": "/watchlist/"}
    )

    assert response["Location"] == "/watchlist/"
    assert not Watch.objects.filter(user=jess).exists()


def test_editing_the_list_removes_several_pages(client, jess):
    pages = [make_revised_page(title=f"Page {n}") for n in range(3)]
    for page in pages:
        Watch.objects.create(user=jess, page=page)

    form = client.get("/watchlist/edit/").text
    response = client.post(
        "/watchlist/edit/", {"pages": [pages[0].pk, pages[2].pk]}, follow=True
    )

    assert all(page.title in form for page in pages)
    assert "Removed 2 pages" in response.text
    assert list(Watch.objects.filter(user=jess).values_list("page", flat=True)) == [
        pages[1].pk
    ]


def test_editing_the_list_refuses_nothing_ticked_and_odd_ids(client, jess):
    page = make_revised_page()
    Watch.objects.create(user=jess, page=page)

    empty = client.post("/watchlist/edit/", {})
    odd = client.post("/watchlist/edit/", {"pages": ["x", "99999999999999999999"]})
    someone_elses = make_revised_page(title="Not mine")
    trish = make_user(username="trish")
    Watch.objects.create(user=trish, page=someone_elses)
    theirs = client.post("/watchlist/edit/", {"pages": [someone_elses.pk]})

    assert empty.status_code == 400 and "Tick the pages" in empty.text
    assert odd.status_code == 400
    assert theirs.status_code == 400
    assert Watch.objects.count() == 2


@pytest.mark.parametrize(
    "url",
    ["/watchlist/", "/watchlist/edit/", "/notifications/", "/settings/notifications/"],
)
def test_personal_pages_send_visitors_to_log_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_private_feed(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    _edit(page, make_user(username="trish"), body="Two.", summary="Fixed a typo")
    token = Preferences.of(jess).feed_token

    response = client.get(f"/watchlist/feed/{token}/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Watched page: Fixed a typo" in titles


def test_the_feed_refuses_a_bad_or_someone_elses_old_token(client, jess):
    trish = make_user(username="trish")
    token = Preferences.of(trish).feed_token
    client.force_login(trish)
    client.post("/settings/notifications/feed-token/")

    assert client.get(f"/watchlist/feed/{token}/").status_code == 404
    assert client.get("/watchlist/feed/not-a-token/").status_code == 404
    assert client.get("/watchlist/feed/%00/").status_code in (400, 404)
    new = Preferences.of(trish).feed_token
    assert new != token
    assert client.get(f"/watchlist/feed/{new}/").status_code == 200


def test_resetting_the_token_is_rate_limited_and_post_only(
    client, jess, settings, frozen_clock
):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "feed_token": {"user": (2, 3600)}
    }
    assert client.get("/settings/notifications/feed-token/").status_code == 405
    tokens = set()
    for _ in range(4):
        client.post("/settings/notifications/feed-token/")
        tokens.add(Preferences.of(jess).feed_token)

    assert len(tokens) == 2
    response = client.post("/settings/notifications/feed-token/", follow=True)
    assert "Try again later" in response.text


def test_the_watchlist_stays_within_its_query_budget(
    client, jess, commit, django_assert_max_num_queries
):
    trish = make_user(username="trish")
    pages = []
    for n in range(60):
        page = make_revised_page(title=f"Page {n:02}")
        Watch.objects.create(user=jess, page=page)
        pages.append(page)
    client.get("/watchlist/")  # the preferences row, made on first visit
    with commit():
        talk_services.start_thread(
            author=trish, title="A first topic", body="Hm.", page=pages[0]
        )
    delete_page(page=make_revised_page(title="Gone"), actor=trish, reason="Spam")

    with django_assert_max_num_queries(10) as few:
        client.get("/watchlist/")
    for page in pages:
        _edit(page, trish, body="More.")
        _edit(page, trish, body="Even more.")
        with commit():
            talk_services.start_thread(
                author=trish, title=f"About {page.title}", body="Hm.", page=page
            )
    for page in pages[:20]:
        delete_page(page=page, actor=trish, reason="Merged")
    with django_assert_max_num_queries(10) as many:
        response = client.get("/watchlist/")

    assert response.text.count('<li class="changes__new">') == 50
    assert "Page 59" in response.text and "About Page 59" in response.text
    assert response.text.count("was deleted by") == 20
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(5):
        assert client.get("/watchlist/edit/").status_code == 200
    with django_assert_max_num_queries(7):
        assert (
            client.get(
                f"/watchlist/feed/{Preferences.of(jess).feed_token}/"
            ).status_code
            == 200
        )


def test_the_discussions_of_watched_pages_are_on_the_watchlist(client, jess, commit):
    watched = make_revised_page(title="Watched page")
    other = make_revised_page(title="Other page")
    Watch.objects.create(user=jess, page=watched)
    trish, luke = make_user(username="trish"), make_user(username="luke")
    with commit():
        topic = talk_services.start_thread(
            author=trish, title="Sources for season 2", body="Any?", page=watched
        )
    with commit():
        reply = talk_services.reply(reply_to=topic, author=luke, body="Yes.")
    with commit():
        talk_services.start_thread(
            author=trish, title="Elsewhere", body="…", page=other
        )
    with commit():
        talk_services.reply(reply_to=topic, author=jess, body="Thanks.")

    html = client.get("/watchlist/").text
    feed = client.get(f"/watchlist/feed/{Preferences.of(jess).feed_token}/").text

    assert "Sources for season 2" in html and "Elsewhere" not in html
    assert f'href="{topic.get_absolute_url()}">new topic' in html
    assert f'href="{reply.get_absolute_url()}">reply' in html
    assert html.count('class="badge badge--new"') == 3  # not jess's own reply
    assert "Watched page (discussion): New topic “Sources for season 2”" in feed
    assert reply.get_absolute_url() in feed


def test_a_deleted_watched_page_says_who_deleted_it_and_why(client, jess):
    page = make_revised_page(title="Watched page")
    Watch.objects.create(user=jess, page=page)
    delete_page(page=page, actor=make_user(username="editor"), reason="Spam")

    html = client.get("/watchlist/").text

    assert "Deleted pages you watch" in html
    assert re.search(
        r"Watched page</a>.*?was deleted by.*?editor</a>: <q>Spam</q>", html, re.S
    )
    assert f'href="{page.get_absolute_url()}"' in html
    assert client.get(page.get_absolute_url()).status_code == 410
