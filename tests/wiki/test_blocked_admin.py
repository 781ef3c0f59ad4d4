"""A blocked staff account, or staff at a blocked address, may look around
the admin but write nothing through it: any model, any action, any app."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from credits.models import CastCredit
from tests.factories import make_cast_credit, make_character, make_series, make_user
from wiki.models import Block, Page
from wiki.moderation import blocks

pytestmark = pytest.mark.django_db

MODELS = [model for model in apps.get_models() if admin.site.is_registered(model)]


@pytest.fixture
def staff():
    """An editor on the staff, with every model permission but no superuser."""
    user = make_user(username="curator", role="Editors")
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.all())
    return user


@pytest.fixture
def blocker():
    return make_user(username="eddie", role="Editors")


def _block(blocker, **target):
    return blocks.block(
        actor=blocker,
        duration=None,
        reason="Rogue admin edits",
        prevents_account_creation=False,
        **target,
    )


def _url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def _says_the_block(response):
    assert response.status_code == 403
    text = response.text
    assert "Rogue admin edits" in text  # why
    assert "by eddie" in text  # who
    assert "indefinitely" in text  # until when
    assert "Nothing was changed" in text
    assert '<div id="content-main">' in text  # a page of the admin, not a bare 403


def test_a_blocked_staff_editor_may_not_protect_through_an_admin_action(
    client, staff, blocker
):
    character = make_character()
    _block(blocker, user=staff)
    client.force_login(staff)

    response = client.post(
        "/admin/characters/character/",
        {"action": "protect_pages", "_selected_action": [character.pk]},
    )

    _says_the_block(response)
    assert not Page.objects.get(pk=character.pk).is_protected


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_no_admin_add_page_takes_a_post_from_a_blocked_account(
    client, staff, blocker, model
):
    _block(blocker, user=staff)
    client.force_login(staff)
    before = model._default_manager.count()

    response = client.post(_url(model, "add"), {"name": "Anything"})

    _says_the_block(response)
    assert model._default_manager.count() == before


def test_credits_and_rights_are_not_changed_by_staff_at_a_blocked_address(
    client, staff, blocker
):
    credit = make_cast_credit(role="Jessica Jones", series=make_series())
    _block(blocker, address="203.0.113.0/24")
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    client.force_login(staff)

    changed = client.post(_url(CastCredit, "change", credit.pk), {"role": "Spam"})
    deleted = client.post(
        _url(CastCredit, "changelist"),
        {"action": "delete_selected", "_selected_action": [credit.pk], "post": "yes"},
    )
    promoted = client.post(
        _url(type(staff), "change", staff.pk),
        {"username": "curator", "is_superuser": "on", "groups": []},
    )

    assert [r.status_code for r in (changed, deleted, promoted)] == [403] * 3
    assert "Your IP address is in the blocked range 203.0.113.0/24" in changed.text
    assert CastCredit.objects.get().role == "Jessica Jones"
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_a_blocked_staff_account_still_reads_and_logs_out(client, staff, blocker):
    credit = make_cast_credit(series=make_series())
    _block(blocker, user=staff)
    client.force_login(staff)

    listed = client.get(_url(CastCredit, "changelist"))
    shown = client.get(_url(CastCredit, "change", credit.pk))
    left = client.post(reverse("admin:logout"))

    assert listed.status_code == shown.status_code == 200
    assert 'name="role"' not in shown.text  # the form is read-only too
    assert left.status_code == 302  # to the home page, logged out
    assert "_auth_user_id" not in client.session


def test_logging_in_to_the_admin_from_a_blocked_address_is_not_refused(
    client, staff, blocker
):
    _block(blocker, address="203.0.113.7")
    client.defaults["REMOTE_ADDR"] = "203.0.113.7"

    response = client.post(
        reverse("admin:login"),
        {"username": "curator", "password": "a-long-passphrase", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_block_ends_and_the_admin_takes_writes_again(client, staff, blocker):
    block = _block(blocker, user=staff)
    blocks.unblock(block_id=block.pk, actor=blocker, reason="Mistake")
    client.force_login(staff)

    response = client.post(_url(Group, "add"), {"name": "Archivists"})

    assert response.status_code == 302
    assert Group.objects.filter(name="Archivists").exists()


def test_superusers_are_never_blocked_in_the_admin(client, blocker):
    root = type(blocker).objects.create_superuser("root", "root@example.com", "pw")
    _block(blocker, address="203.0.113.0/24")
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    client.force_login(root)

    response = client.post(_url(Group, "add"), {"name": "Archivists"})

    assert response.status_code == 302
    assert Group.objects.filter(name="Archivists").exists()
    assert Block.objects.active().count() == 1


def test_the_protect_actions_are_not_offered_to_a_blocked_account(
    client, staff, blocker
):
    make_character()
    client.force_login(staff)
    offered = client.get("/admin/characters/character/")
    _block(blocker, user=staff)

    hidden = client.get("/admin/characters/character/")

    assert 'value="protect_pages"' in offered.text
    assert hidden.status_code == 200
    assert 'value="protect_pages"' not in hidden.text


@pytest.mark.parametrize("model", [Group, CastCredit])
def test_a_blocked_account_is_offered_no_add_link(client, staff, blocker, model):
    _block(blocker, user=staff)
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert f'href="{_url(model, "add")}"' not in response.text
