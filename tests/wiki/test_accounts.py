import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _signup(client, **fields):
    data = {
        "username": "newfan",
        "email": "newfan@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    return client.post("/accounts/signup/", data | fields)


def test_signing_up_makes_a_logged_in_contributor(client):
    response = _signup(client)

    assert response.status_code == 302
    user = get_user_model().objects.get(username="newfan")
    assert list(user.groups.values_list("name", flat=True)) == ["Contributors"]
    assert user.has_perm("wiki.edit_pages")
    assert not user.has_perm("wiki.protect_pages")
    assert client.get("/").context["user"] == user


def test_weak_passwords_are_refused_by_djangos_validators(client):
    response = _signup(client, password1="password", password2="password")

    assert response.status_code == 400
    assert "This password is too common." in response.text
    assert 'value="newfan@example.com"' in response.text
    assert not get_user_model().objects.filter(username="newfan").exists()


def test_an_email_already_in_use_is_not_revealed(client):
    make_user(username="jess")  # jess@example.com

    response = _signup(client, email="jess@example.com")

    assert response.status_code == 302
    assert "already" not in response.text


def test_the_honeypot_refuses_bots(client):
    response = _signup(client, website="http://spam.example")

    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="newfan").exists()


def test_sign_ups_are_rate_limited_per_address(client, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {"signup": {"ip": (2, 60)}}
    for n in range(2):
        _signup(client, username=f"fan{n}")
        client.post("/accounts/logout/")

    response = _signup(client, username="fan3")

    assert response.status_code == 429
    assert "Too many sign-ups" in response.text
    assert not get_user_model().objects.filter(username="fan3").exists()


def test_a_failed_log_in_does_not_say_whether_the_account_exists(client):
    make_user(username="jess")

    wrong_password = client.post(
        "/accounts/login/", {"username": "jess", "password": "nope"}
    )
    no_such_user = client.post(
        "/accounts/login/", {"username": "nobody", "password": "nope"}
    )

    assert wrong_password.status_code == no_such_user.status_code == 200
    message = "Please enter a correct username and password."
    assert message in wrong_password.text and message in no_such_user.text


def test_log_ins_are_throttled(client, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {"login": {"ip": (3, 60)}}
    make_user(username="jess")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "jess", "password": "nope"})

    response = client.post(
        "/accounts/login/", {"username": "jess", "password": "a-long-passphrase"}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_log_in_never_sends_the_user_off_the_site(client):
    make_user(username="jess")

    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "jess", "password": "a-long-passphrase"},
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_sign_up_never_sends_the_user_off_the_site(client):
    response = client.post(
        "/accounts/signup/?next=//evil.example/",
        {"username": "newfan", "email": "n@example.com", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip

    assert response["Location"] == "/"


def test_log_out_is_a_post(client):
    client.force_login(make_user())

    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client):
    user = make_user(username="jess")
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": "a-long-passphrase", "new_password1": PASSWORD,
         "new_password2": PASSWORD},
    )  # fmt: skip

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"],
)
def test_account_pages_use_the_site_design(client, url):
    html = client.get(url).text

    assert "Fanwiki" in html and 'class="account-form"' in html


def test_a_taken_username_is_said_to_be_taken_as_profiles_are_public(client):
    make_user(username="jess")

    response = _signup(client, username="jess", email="new@example.com")

    assert response.status_code == 400
    assert "A user with that username already exists." in response.text
    assert client.get("/users/jess/").status_code == 200  # public anyway
