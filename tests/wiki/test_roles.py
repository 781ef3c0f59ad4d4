"""Each role's rights, action by action, through HTTP."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_revised_page, make_user
from wiki import services

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "contributor", "editor", "admin"]


def _client_for(client, role):
    if role == "contributor":
        client.force_login(make_user(username="c", role="Contributors"))
    elif role == "editor":
        client.force_login(make_user(username="e", role="Editors"))
    elif role == "admin":
        client.force_login(
            get_user_model().objects.create_superuser(
                "a", "a@example.com", "pw-admin-1"
            )
        )
    return client


def _edit_data(page, body):
    page.refresh_from_db()
    return services.snapshot(page) | {
        "base_revision": page.current_revision_id,
        "published_on": "",
        "body": body,
    }


def _vandalised_page():
    page = make_revised_page(body="Good text.")
    services.revise_page(
        page=page,
        author=make_user(username="vandal"),
        changes=services.snapshot(page) | {"body": "Spam"},
        base_revision=page.current_revision,
    )
    page.refresh_from_db()
    return page


ALLOWED = {
    "read": {"visitor", "contributor", "editor", "admin"},
    "edit": {"contributor", "editor", "admin"},
    "create": {"contributor", "editor", "admin"},
    "restore": {"contributor", "editor", "admin"},
    "edit protected": {"editor", "admin"},
    "protect": {"editor", "admin"},
    "rollback": {"editor", "admin"},
    "admin": {"admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_reading(client, role):
    page = make_revised_page()
    client = _client_for(client, role)

    for url in (page.get_absolute_url(), f"/wiki/{page.slug}/history/", "/changes/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert page.title in response.text, url


@pytest.mark.parametrize("role", ROLES)
def test_editing_an_unprotected_page(client, role):
    page = make_revised_page()
    client = _client_for(client, role)

    client.post(f"/wiki/{page.slug}/edit/", _edit_data(page, "Changed."))

    page.refresh_from_db()
    assert (page.body == "Changed.") == (role in ALLOWED["edit"])


@pytest.mark.parametrize("role", ROLES)
def test_creating_an_article(client, role):
    client = _client_for(client, role)

    client.post("/create/", {"title": "Hell's Kitchen", "body": "A neighbourhood."})

    from wiki.models import Article

    assert Article.objects.filter(title="Hell's Kitchen").exists() == (
        role in ALLOWED["create"]
    )


@pytest.mark.parametrize("role", ROLES)
def test_restoring_an_old_revision(client, role):
    page = _vandalised_page()
    client = _client_for(client, role)

    client.post(
        f"/wiki/{page.slug}/history/1/restore/",
        {"base_revision": page.current_revision_id},
    )

    page.refresh_from_db()
    assert (page.body == "Good text.") == (role in ALLOWED["restore"])


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_protected_page(client, role):
    page = make_revised_page()
    services.set_protection(page=page, author=None, protected=True)
    client = _client_for(client, role)

    client.post(f"/wiki/{page.slug}/edit/", _edit_data(page, "Changed."))

    page.refresh_from_db()
    assert (page.body == "Changed.") == (role in ALLOWED["edit protected"])


@pytest.mark.parametrize("role", ROLES)
def test_protecting_a_page(client, role):
    page = make_revised_page()
    client = _client_for(client, role)

    client.post(
        f"/wiki/{page.slug}/protect/", {"level": "editors", "expiry": "indefinite"}
    )

    page.refresh_from_db()
    assert page.is_protected == (role in ALLOWED["protect"])


@pytest.mark.parametrize("role", ROLES)
def test_rolling_back(client, role):
    page = _vandalised_page()
    client = _client_for(client, role)

    client.post(f"/wiki/{page.slug}/rollback/", {"revision": page.current_revision_id})

    page.refresh_from_db()
    assert (page.body == "Good text.") == (role in ALLOWED["rollback"])


@pytest.mark.parametrize("role", ROLES)
def test_using_the_admin(client, role):
    client = _client_for(client, role)

    response = client.get("/admin/wiki/article/")

    assert (response.status_code == 200) == (role in ALLOWED["admin"])


def test_a_stale_rollback_link_refuses_instead_of_reverting(client):
    page = _vandalised_page()
    stale = page.current_revision_id
    services.revise_page(
        page=page,
        author=make_user(username="fixer"),
        changes=services.snapshot(page) | {"body": "Fixed by hand."},
        base_revision=page.current_revision,
    )
    client = _client_for(client, "editor")

    response = client.post(
        f"/wiki/{page.slug}/rollback/", {"revision": stale}, follow=True
    )

    page.refresh_from_db()
    assert page.body == "Fixed by hand."
    assert "has changed since" in response.text


@pytest.mark.parametrize("url", ["/wiki/{slug}/rollback/"])
def test_state_changes_refuse_get(client, url):
    page = make_revised_page()
    client = _client_for(client, "admin")

    response = client.get(url.format(slug=page.slug))

    assert response.status_code == 405
