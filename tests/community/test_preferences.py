import pytest
from django.core import signing
from django_tasks_db.models import DBTaskResult

from community import confirmation
from community.models import Delivery, Preferences
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/settings/notifications/"


def _choices(**changes):
    data = {
        "auto_watch": "on",
        "reverted_web": "on",
        "reverted_email": "off",
        "reply_web": "on",
        "reply_email": "now",
        "mention_web": "on",
        "mention_email": "now",
        "watched_email": "off",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def test_the_settings_page_says_the_state_and_saves_choices(client, jess):
    html = client.get(URL).text
    assert "jess@example.com</strong> is not confirmed yet" in html
    assert "/watchlist/feed/" in html

    response = client.post(
        URL,
        _choices(auto_watch=None, watched_web="on", watched_email="daily"),
        follow=True,
    )

    assert "Your preferences are saved" in response.text
    preferences = Preferences.of(jess)
    assert not preferences.auto_watch and preferences.watched_web
    assert preferences.watched_email == Delivery.DIGEST


def test_bad_choices_are_refused_and_the_rest_kept(client, jess):
    response = client.post(
        URL, _choices(reply_email="sometimes", watched_web="on", mention_email="\x00")
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert 'name="watched_web" id="id_watched_web" checked' in response.text
    assert Preferences.of(jess).watched_web is False


def test_asking_for_a_confirmation_queues_it_and_is_rate_limited(
    client, jess, frozen_clock, commit
):
    with commit():
        for _ in range(3):
            client.post("/settings/notifications/confirm/")
        refused = client.post("/settings/notifications/confirm/", follow=True)

    assert "Too many confirmation e-mails" in refused.text
    assert DBTaskResult.objects.count() == 3
    assert client.get("/settings/notifications/confirm/").status_code == 405


def test_a_confirmed_or_missing_address_needs_no_link(client, jess, commit):
    Preferences.objects.create(user=jess, confirmed_email=jess.email)
    with commit():
        confirmed = client.post("/settings/notifications/confirm/", follow=True)
        jess.email = ""
        jess.save()
        missing = client.post("/settings/notifications/confirm/", follow=True)

    assert "is already confirmed" in confirmed.text
    assert "has no e-mail address" in missing.text
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a:b:c",
        signing.dumps({"user": "x"}, salt=confirmation.SALT),
        signing.dumps({"user": 1, "email": "a@b.c"}, salt="other"),
    ],
    ids=["nonsense", "colons", "no-address", "other-salt"],
)
def test_bad_links_confirm_nothing(client, db, token):
    url = f"/settings/notifications/confirm/{token}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Preferences.objects.exists()


def test_an_expired_link_is_gone(client, db, settings, monkeypatch):
    trish = make_user(username="trish")
    link = confirmation.link_for(trish)
    monkeypatch.setattr(confirmation, "MAX_AGE", -1)

    response = client.post(link)

    assert response.status_code == 410
    assert "expired" in response.text


def test_a_link_confirms_for_a_visitor_too(client, db):
    trish = make_user(username="trish")

    response = client.post(confirmation.link_for(trish), follow=True)

    assert "trish@example.com is confirmed" in response.text
    assert Preferences.of(trish).email_confirmed


def test_changing_the_address_is_rate_limited(client, jess, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "email_change": {"user": (2, 3600)}
    }
    for _ in range(2):
        client.post(
            "/settings/notifications/email/", {"email": "x@y.z", "password": "no"}
        )
    response = client.post(
        "/settings/notifications/email/",
        {"email": "new@example.com", "password": "a-long-passphrase"},
    )

    assert response.status_code == 429
    jess.refresh_from_db()
    assert jess.email == "jess@example.com"


def test_changing_the_address_refuses_nonsense(client, jess):
    for data in ({"email": "not an address", "password": "a-long-passphrase"},
                 {"email": "jess@example.com", "password": "a-long-passphrase"},
                 {"email": "a\x00@b.c", "password": "a-long-passphrase"}):  # fmt: skip
        assert client.post("/settings/notifications/email/", data).status_code == 400
    assert client.get("/settings/notifications/email/").status_code == 405
    jess.refresh_from_db()
    assert jess.email == "jess@example.com"


def test_the_settings_page_stays_within_its_query_budget(
    client, jess, django_assert_max_num_queries
):
    client.get(URL)

    # The session, the account, its rights (2), the preferences, the count.
    with django_assert_max_num_queries(6):
        response = client.get(URL)

    assert response.status_code == 200
