"""Protection levels with an expiry: the form, who may edit, expiry without
any job, the log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_revised_page, make_user
from tests.wiki.moderating import (
    THRESHOLD,
    edit,
    latest,
    make_established,
    make_newcomer,
)
from wiki import services
from wiki.models import LogEntry, Page, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.WIKI_ESTABLISHED = THRESHOLD


@pytest.fixture
def editor(client):
    user = make_user(username="eddie", role="Editors")
    client.force_login(user)
    return user


def _semi_protect(page, *, until=None):
    services.set_protection(
        page=page, author=None, level=Page.Protection.ESTABLISHED, until=until
    )


def test_the_protect_form_offers_levels_durations_and_a_reason(client, editor):
    page = make_revised_page()

    html = client.get(f"/wiki/{page.slug}/protect/").text

    for value in ("none", "established", "editors"):
        assert f'name="level" value="{value}"' in html
    assert "Established contributors only" in html
    assert '<option value="1w">1 week</option>' in html
    assert 'value="indefinite" selected' in html
    assert 'name="reason"' in html


def test_semi_protecting_for_a_week_records_history_and_log(client, editor):
    page = make_revised_page()

    response = client.post(
        f"/wiki/{page.slug}/protect/",
        {"level": "established", "expiry": "1w", "reason": "Spoiler vandalism"},
        follow=True,
    )

    page.refresh_from_db()
    assert page.protection_level == "established"
    assert timezone.now() + timedelta(days=6) < page.protected_until
    assert "Protected: established contributors only, until" in response.text
    revision = latest(page)
    assert revision.action == Revision.Action.PROTECT
    assert revision.summary.endswith(": Spoiler vandalism")
    entry = LogEntry.objects.get(action=LogEntry.Action.PROTECT)
    assert entry.actor == editor and entry.page_id == page.pk
    assert entry.reason == "Spoiler vandalism"
    assert entry.details == {
        "level": "established",
        "expires": page.protected_until.isoformat(),
        "previous": "",
    }
    assert "Semi-protected" in client.get(page.get_absolute_url()).text


def test_unprotecting_is_logged_and_ignores_the_duration(client, editor):
    page = make_revised_page()
    services.set_protection(page=page, author=None, protected=True)

    client.post(
        f"/wiki/{page.slug}/protect/",
        {"level": "none", "expiry": "1w", "reason": "Calm"},
    )

    page.refresh_from_db()
    assert page.protection == "" and page.protected_until is None
    assert latest(page).action == Revision.Action.UNPROTECT
    entry = LogEntry.objects.get(action=LogEntry.Action.UNPROTECT)
    assert entry.details["previous"] == "editors"


def test_protecting_the_same_way_again_changes_nothing(client, editor):
    page = make_revised_page()
    data = {"level": "editors", "expiry": "indefinite"}
    client.post(f"/wiki/{page.slug}/protect/", data)

    response = client.post(f"/wiki/{page.slug}/protect/", data, follow=True)

    assert "already protected like that" in response.text
    assert LogEntry.objects.filter(action=LogEntry.Action.PROTECT).count() == 1


def test_a_bad_protect_form_is_refused_and_kept(client, editor):
    page = make_revised_page()

    response = client.post(
        f"/wiki/{page.slug}/protect/",
        {"level": "everyone-but-me", "expiry": "1w", "reason": "Kept reason"},
    )

    assert response.status_code == 400
    assert "Kept reason" in response.text
    page.refresh_from_db()
    assert not page.is_protected


@pytest.mark.parametrize("level", ["established", "editors"])
def test_contributors_may_not_protect_or_semi_protect(client, level):
    page = make_revised_page()
    client.force_login(make_established())

    form = client.get(f"/wiki/{page.slug}/protect/")
    response = client.post(
        f"/wiki/{page.slug}/protect/", {"level": level, "expiry": "1d"}
    )

    assert form.status_code == response.status_code == 403
    page.refresh_from_db()
    assert not page.is_protected
    assert not LogEntry.objects.exists()


def test_a_newcomer_is_told_why_they_may_not_edit_a_semi_protected_page(client):
    page = make_revised_page(body="Old.")
    _semi_protect(page, until=timezone.now() + timedelta(days=3))
    client.force_login(make_newcomer())

    form = client.get(f"/wiki/{page.slug}/edit/")
    response = edit(client, page, body="My new text.")

    assert "semi-protected until" in form.text
    assert (
        f"at least {THRESHOLD['days']} days old with {THRESHOLD['edits']} edits"
        in form.text
    )
    assert response.status_code == 403
    assert "My new text." in response.text
    assert latest(page).data["body"] == "Old."


def test_an_established_contributor_edits_a_semi_protected_page(client):
    page = make_revised_page(body="Old.")
    _semi_protect(page)
    client.force_login(make_established())

    response = edit(client, page, body="Better.")

    assert response.status_code == 302
    assert latest(page).data["body"] == "Better."


def test_fully_protected_pages_stay_for_editors_even_for_established_ones(client):
    page = make_revised_page(body="Old.")
    services.set_protection(page=page, author=None, level="editors")
    client.force_login(make_established())

    response = edit(client, page, body="Better.")

    assert response.status_code == 403
    assert "only editors may change it" in response.text


def test_an_expired_protection_needs_no_job_to_end(client):
    page = make_revised_page(body="Old.")
    services.set_protection(
        page=page,
        author=None,
        level="editors",
        until=timezone.now() + timedelta(hours=1),
    )
    Page.objects.filter(pk=page.pk).update(
        protected_until=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(make_newcomer())

    html = client.get(page.get_absolute_url()).text
    response = edit(client, page, body="Free again.")

    assert "Protected</span>" not in html
    assert response.status_code == 302
    assert latest(page).data["body"] == "Free again."


def test_protecting_again_after_expiry_is_a_change(client, editor):
    page = make_revised_page()
    services.set_protection(
        page=page,
        author=None,
        level="editors",
        until=timezone.now() + timedelta(hours=1),
    )
    Page.objects.filter(pk=page.pk).update(
        protected_until=timezone.now() - timedelta(seconds=1)
    )

    client.post(
        f"/wiki/{page.slug}/protect/", {"level": "editors", "expiry": "indefinite"}
    )

    page.refresh_from_db()
    assert page.is_protected and page.protected_until is None
    assert LogEntry.objects.filter(action=LogEntry.Action.PROTECT).count() == 2


def test_the_protect_form_refuses_a_protection_in_the_past():
    page = make_revised_page()

    with pytest.raises(Exception, match="must end in the future"):
        services.set_protection(
            page=page,
            author=None,
            level="editors",
            until=timezone.now() - timedelta(days=1),
        )


def test_the_protect_form_has_a_query_budget(
    client, editor, django_assert_max_num_queries
):
    page = make_revised_page()

    with django_assert_max_num_queries(6):
        response = client.get(f"/wiki/{page.slug}/protect/")

    assert response.status_code == 200
