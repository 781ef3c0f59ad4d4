"""No edit is lost through the admin: its forms save from the revision they
were opened at, as the site's edit form does."""

import pytest
from django.test import Client
from django.urls import reverse

from characters.models import Character
from credits.models import CastCredit, Person
from episodes.models import Episode, Season
from tests.factories import make_user
from tests.html_forms import form_data
from wiki.models import Page, Revision

pytestmark = pytest.mark.django_db


def _change_url(page):
    meta = type(page)._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[page.pk])


def _open(admin_client, page):
    """The admin's change form, as the browser would send it back."""
    response = admin_client.get(_change_url(page))
    assert response.status_code == 200
    return form_data(response.text, f"{type(page)._meta.model_name}_form") | {
        "_save": "Save"
    }


def _contributor(username="jess"):
    client = Client()
    client.force_login(make_user(username=username))
    return client


def _site_edit(client, page, **changes):
    """An edit saved on the site, from the edit form as it is served."""
    url = reverse("wiki:edit", args=[page.slug])
    data = form_data(client.get(url).text, "edit-form") | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    return response


@pytest.fixture
def luke(seeded):
    return Character.objects.get(title="Luke Cage")


def test_a_status_saved_in_the_admin_keeps_a_body_edited_on_the_site(
    admin_client, luke
):
    form = _open(admin_client, luke)
    _site_edit(_contributor(), luke, body="Luke tends bar at his own place.")

    response = admin_client.post(
        _change_url(luke), form | {"status": "Alive\nS1E13: In hiding"}
    )

    assert response.status_code == 302, response.context["errors"]
    luke.refresh_from_db()
    assert luke.body == "Luke tends bar at his own place."
    assert luke.status == "Alive\nS1E13: In hiding"
    latest = luke.current_revision
    assert latest.author.username == "admin"
    assert latest.data["body"] == "Luke tends bar at his own place."
    assert latest.data["status"] == "Alive\nS1E13: In hiding"
    assert latest.parent.author.username == "jess"


def test_the_same_field_changed_by_both_is_refused_with_the_admins_input_kept(
    admin_client, luke
):
    form = _open(admin_client, luke)
    contributor = _contributor()
    _site_edit(contributor, luke, body="The site's text.", aliases="Power Man")
    luke.refresh_from_db()
    revisions = luke.revisions.count()
    person = Person.objects.get(title="Mike Colter")
    new = f"cast_credits-{form['cast_credits-TOTAL_FORMS']}"

    response = admin_client.post(
        _change_url(luke),
        form
        | {
            "body": "The admin's text.",
            "description": "A bulletproof bartender.",
            # A credit added alongside: refused with the rest.
            "cast_credits-TOTAL_FORMS": int(form["cast_credits-TOTAL_FORMS"]) + 1,
            f"{new}-person": person.pk,
            f"{new}-role": "Stand-in",
            f"{new}-billing": CastCredit.Billing.GUEST,
            f"{new}-order": "9",
            f"{new}-season": Season.objects.get(number=1).pk,
        },
    )

    assert response.status_code == 200
    [refusal] = response.context["errors"]  # the credit row itself is valid
    assert "Edit conflict" in refusal[0]
    text = response.text
    assert "Body (by jess, " in text
    current = luke.current_revision.number
    diff = reverse("wiki:diff", args=[luke.slug])
    assert f'href="{diff}?from={current - 1}&amp;to={current}"' in text
    assert "Nothing was saved" in text
    shown = form_data(text, "character_form")
    assert shown["body"] == "The admin's text."  # the admin's input, kept
    assert shown["description"] == "A bulletproof bartender."
    assert shown["aliases"] == "Power Man"  # what the site changed elsewhere
    luke.refresh_from_db()
    assert luke.body == "The site's text."
    assert luke.description != "A bulletproof bartender."
    assert luke.revisions.count() == revisions
    assert not CastCredit.objects.filter(role="Stand-in").exists()

    # Saved again, knowing: the admin's text wins, the site's aliases stay.
    response = admin_client.post(_change_url(luke), shown | {"_save": "Save"})

    assert response.status_code == 302, response.context["errors"]
    luke.refresh_from_db()
    assert luke.body == "The admin's text."
    assert luke.aliases == "Power Man"
    assert luke.description == "A bulletproof bartender."
    assert CastCredit.objects.filter(role="Stand-in", character=luke).exists()


def test_two_admin_tabs_merge_their_changes(admin_client, luke):
    first = _open(admin_client, luke)
    second = _open(admin_client, luke)

    saved = admin_client.post(
        _change_url(luke), first | {"status": "Injured", "slug": "luke-cage-hero"}
    )
    assert saved.status_code == 302, saved.context["errors"]
    response = admin_client.post(
        _change_url(luke), second | {"body": "Written in the second tab."}
    )

    assert response.status_code == 302, response.context["errors"]
    luke.refresh_from_db()
    assert (luke.status, luke.slug) == ("Injured", "luke-cage-hero")
    assert luke.body == "Written in the second tab."


def test_two_admin_tabs_changing_the_same_field_are_told(admin_client, luke):
    first = _open(admin_client, luke)
    second = _open(admin_client, luke)
    admin_client.post(_change_url(luke), first | {"status": "Injured"})

    response = admin_client.post(_change_url(luke), second | {"status": "Missing"})

    assert response.status_code == 200
    assert "Edit conflict" in response.text
    assert "Status (by admin, " in response.text
    assert form_data(response.text, "character_form")["status"] == "Missing"
    luke.refresh_from_db()
    assert luke.status == "Injured"


def test_an_address_moved_in_another_tab_is_a_conflict_not_undone(admin_client, luke):
    """The address is not in revisions: its base is the value the form showed."""
    first = _open(admin_client, luke)
    second = _open(admin_client, luke)
    admin_client.post(_change_url(luke), first | {"slug": "power-man"})

    response = admin_client.post(_change_url(luke), second | {"slug": "luke"})

    assert response.status_code == 200
    assert "Edit conflict" in response.text
    assert "Slug" in response.text
    luke.refresh_from_db()
    assert luke.slug == "power-man"
    shown = form_data(response.text, "character_form")
    assert (shown["slug"], shown["initial-slug"]) == ("luke", "power-man")


@pytest.mark.parametrize("base", [None, "abc", "0", "9" * 30, "1\x00"])
def test_a_form_without_its_revision_is_refused_with_the_input_kept(
    admin_client, luke, base
):
    form = _open(admin_client, luke)
    del form["base_revision"]
    if base is not None:
        form["base_revision"] = base

    response = admin_client.post(_change_url(luke), form | {"body": "Kept."})

    assert response.status_code == 200
    assert "does not say which version" in response.text
    assert form_data(response.text, "character_form")["body"] == "Kept."
    luke.refresh_from_db()
    assert luke.body != "Kept."


def _episode(season, number):
    return season.episodes.get(number=number)


def test_episodes_in_their_seasons_form_keep_edits_made_on_the_site(
    admin_client, seeded
):
    season = Season.objects.get(slug="jessica-jones-season-1")
    episode = _episode(season, 3)
    form = _open(admin_client, season)
    _site_edit(_contributor(), episode, runtime="61")

    response = admin_client.post(_change_url(season), form | {"release_date": ""})

    assert response.status_code == 302, response.context["errors"]
    episode.refresh_from_db()
    assert episode.runtime == 61
    season.refresh_from_db()
    assert season.release_date is None


def test_an_episode_row_changed_by_both_refuses_the_whole_save(admin_client, seeded):
    season = Season.objects.get(slug="jessica-jones-season-1")
    episode = _episode(season, 3)
    form = _open(admin_client, season)
    row = next(
        key.removesuffix("-page_ptr")
        for key, value in form.items()
        if key.startswith("episodes-") and key.endswith("-page_ptr")
        if value == str(episode.pk)
    )
    _site_edit(_contributor(), episode, runtime="61")
    release = season.release_date

    response = admin_client.post(
        _change_url(season),
        form | {f"{row}-runtime": "45", "release_date": "2015-11-21"},
    )

    assert response.status_code == 200
    assert "Edit conflict" in response.text
    assert "Runtime (by jess, " in response.text
    assert form_data(response.text, "season_form")[f"{row}-runtime"] == "45"
    episode.refresh_from_db()
    season.refresh_from_db()
    assert (episode.runtime, season.release_date) == (61, release)


def test_a_conflict_names_each_field_and_who_changed_it_once(admin_client, luke):
    form = _open(admin_client, luke)
    _site_edit(_contributor("jess"), luke, body="One.")
    luke.refresh_from_db()
    _site_edit(_contributor("malcolm"), luke, status="Injured")

    response = admin_client.post(
        _change_url(luke), form | {"body": "Mine.", "status": "Missing"}
    )

    assert "Status (by malcolm, " in response.text
    assert "Body (by jess, " in response.text


def test_protecting_from_the_list_keeps_an_edit_saved_meanwhile(
    admin_client, luke, monkeypatch
):
    """The list is shown, the action chosen; an edit is saved just before the
    action takes the page's lock. The protection's revision holds that edit."""
    from wiki import services

    lock = services._lock
    raced = []

    def edit_first(page):
        if not raced:
            raced.append(page.pk)
            services.revise_page(
                page=page,
                author=make_user(),
                changes={"body": "Saved meanwhile."},
                base_revision=None,
            )
        return lock(page)

    monkeypatch.setattr(services, "_lock", edit_first)
    changelist = reverse("admin:characters_character_changelist")

    response = admin_client.post(
        changelist, {"action": "protect_pages", "_selected_action": [luke.pk]}
    )

    assert response.status_code == 302
    luke.refresh_from_db()
    assert luke.is_protected
    assert luke.body == "Saved meanwhile."
    assert luke.current_revision.action == Revision.Action.PROTECT
    assert luke.current_revision.data["body"] == "Saved meanwhile."
    assert raced == [luke.pk]


def test_protect_actions_need_the_right_to_protect(client, luke):
    staff = make_user(username="clerk", role=None)
    staff.is_staff = True
    staff.save()
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_character", "change_character"])
    )
    client.force_login(staff)
    changelist = reverse("admin:characters_character_changelist")

    assert "protect_pages" not in client.get(changelist).text
    client.post(changelist, {"action": "protect_pages", "_selected_action": [luke.pk]})

    assert not Page.objects.get(pk=luke.pk).is_protected


def test_unprotecting_from_the_list(admin_client, luke):
    changelist = reverse("admin:characters_character_changelist")
    admin_client.post(
        changelist, {"action": "protect_pages", "_selected_action": [luke.pk]}
    )

    response = admin_client.post(
        changelist,
        {"action": "unprotect_pages", "_selected_action": [luke.pk]},
        follow=True,
    )

    assert "Pages unprotected: 1 (of 1 chosen)." in response.text
    assert not Page.objects.get(pk=luke.pk).is_protected
    assert [r.action for r in luke.revisions.order_by("-number")[:2]] == [
        Revision.Action.UNPROTECT,
        Revision.Action.PROTECT,
    ]


def test_an_episode_saved_in_its_own_admin_merges_too(admin_client, seeded):
    episode = Episode.objects.get(season__number=1, number=1)
    form = _open(admin_client, episode)
    _site_edit(_contributor(), episode, synopsis="Changed on the site.")

    response = admin_client.post(_change_url(episode), form | {"runtime": "58"})

    assert response.status_code == 302, response.context["errors"]
    episode.refresh_from_db()
    assert (episode.runtime, episode.synopsis) == (58, "Changed on the site.")
