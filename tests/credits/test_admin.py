"""Credits edited in the admin: a row that lost its scope, or its person, is
refused with a message on the form, never a failure while showing it."""

import pytest
from django.urls import reverse

from credits.models import CastCredit, CrewCredit
from tests.factories import (
    make_cast_credit,
    make_character,
    make_crew_credit,
    make_episode,
    make_person,
    make_season,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

NO_SCOPE = "Choose exactly one of series, season or episode."


def _change(admin_client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = form_data(admin_client.get(url).text, f"{meta.model_name}_form")
    return url, data | {"_save": "Save"}


def test_a_cast_row_whose_season_is_cleared_is_refused_with_a_message(admin_client):
    character = make_character()
    season = make_season()
    make_cast_credit(character=character, season=season, role="Jessica Jones")
    url, data = _change(admin_client, character)
    assert data["cast_credits-0-season"] == str(season.pk)

    response = admin_client.post(url, data | {"cast_credits-0-season": ""})

    assert response.status_code == 200
    assert NO_SCOPE in response.text
    assert 'value="Jessica Jones"' in response.text  # the row as typed
    assert CastCredit.objects.get().season == season


def test_a_crew_row_whose_episode_is_cleared_is_refused_with_a_message(admin_client):
    episode = make_episode()
    person = make_person()
    make_crew_credit(person=person, episode=episode)
    url, data = _change(admin_client, person)
    assert data["crew_credits-0-episode"] == str(episode.pk)

    response = admin_client.post(url, data | {"crew_credits-0-episode": ""})

    assert response.status_code == 200
    assert NO_SCOPE in response.text
    assert CrewCredit.objects.get().episode == episode


def test_a_cast_row_whose_person_is_cleared_is_refused_with_a_message(admin_client):
    character = make_character()
    make_cast_credit(character=character, season=make_season(), role="Jessica")
    url, data = _change(admin_client, character)

    response = admin_client.post(url, data | {"cast_credits-0-person": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert CastCredit.objects.get().person is not None


@pytest.mark.parametrize("model", [CastCredit, CrewCredit])
def test_a_credit_in_its_own_admin_without_a_scope_is_refused(admin_client, model):
    season = make_season()
    credit = (
        make_cast_credit(season=season)
        if model is CastCredit
        else make_crew_credit(season=season)
    )
    url, data = _change(admin_client, credit)

    response = admin_client.post(url, data | {"season": ""})

    assert response.status_code == 200
    assert NO_SCOPE in response.text
    credit.refresh_from_db()
    assert credit.season == season


def test_credits_without_a_scope_or_person_still_have_names():
    """What the admin shows of a row being refused (its label, its name)."""
    cast = CastCredit(role="Jessica Jones")
    crew = CrewCredit(job=CrewCredit.Job.WRITER)

    assert cast.scope_label() == crew.scope_label() == "no series, season or episode"
    assert str(cast) == "(no person) as Jessica Jones (no series, season or episode)"
    assert str(crew) == "(no person), writer (no series, season or episode)"


def test_credits_changed_in_the_admin_are_revisions_of_their_pages(admin_client):
    from wiki import services
    from wiki.models import Page

    episode = make_episode(title="AKA Ladies Night")
    services.record_revision(page=episode, summary="Created")
    person = make_person(title="Erin Moriarty")
    credit = make_cast_credit(person=person, role="Hope", episode=episode)
    # On the person's page: the change is an edit of the episode's.
    url, data = _change(admin_client, person)
    response = admin_client.post(url, data | {"cast_credits-0-role": "Hope S."})
    assert response.status_code == 302
    revision = Page.objects.get(pk=episode.pk).current_revision
    assert revision.summary == "Cast or crew edited in the admin"
    assert [row["role"] for row in revision.data["cast"]] == ["Hope S."]
    # On its own page in the admin, deleting it is one too.
    meta = CastCredit._meta
    delete = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_delete", args=[credit.pk]
    )
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert Page.objects.get(pk=episode.pk).current_revision.data["cast"] == []
