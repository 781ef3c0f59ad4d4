"""A blocked contributor still reads discussions and answers on their own."""

from datetime import timedelta

import pytest

from talk.models import Comment
from tests.factories import make_revised_page, make_user
from wiki.moderation import blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocked(client):
    user = make_user(username="vandal")
    blocks.block(
        actor=make_user(username="guard", role="Editors"),
        user=user,
        duration=timedelta(days=3),
        reason="Spoiler vandalism",
    )
    client.force_login(user)
    return user


def test_a_blocked_contributor_may_not_post_on_a_pages_discussion(client, blocked):
    page = make_revised_page(title="Alias Investigations")

    read = client.get(f"/wiki/{page.slug}/talk/")
    response = client.post(
        f"/wiki/{page.slug}/talk/", {"title": "Hi", "body": "My kept words."}
    )

    assert read.status_code == 200
    assert response.status_code == 403
    assert "Spoiler vandalism" in response.text
    assert "My kept words." in response.text
    assert not Comment.objects.exists()


def test_a_blocked_contributor_answers_on_their_own_talk_page(client, blocked):
    response = client.post(
        "/users/vandal/talk/", {"title": "Appeal", "body": "It was a mistake."}
    )

    assert response.status_code == 302
    assert Comment.objects.get().author == blocked


def test_a_blocked_address_may_not_post(client):
    blocks.block(
        actor=make_user(username="guard", role="Editors"),
        address="203.0.113.0/24",
        duration=None,
        reason="Open proxy",
    )
    client.force_login(make_user(username="jess"))
    page = make_revised_page(title="Alias Investigations")

    response = client.post(
        f"/wiki/{page.slug}/talk/",
        {"title": "Hi", "body": "Words."},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 403
    assert "Open proxy" in response.text
