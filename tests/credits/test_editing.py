"""Cast and crew on the site: added from episode, season, person and character
pages, changed and removed on the page listing them, each change a revision
of the page the credit belongs to."""

import pytest

from credits import editing
from credits.models import CastCredit, CrewCredit, Person
from tests.factories import (
    make_cast_credit,
    make_character,
    make_episode,
    make_person,
    make_season,
    make_series,
    make_user,
)
from wiki import services
from wiki.diffs import diff_snapshots
from wiki.forms import field_labels
from wiki.models import Page
from wiki.moderation import blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return make_series(is_featured=True)


@pytest.fixture
def episode(series):
    season = make_season(series=series)
    page = make_episode(season=season, number=2, title="AKA Crush Syndrome")
    services.record_revision(page=page, summary="Created")
    return page


@pytest.fixture
def contributor(client):
    user = make_user(username="helper")
    client.force_login(user)
    return user


def _add(client, page_slug, what="cast", **data):
    return client.post(f"/wiki/{page_slug}/credits/add/{what}/", data)


def test_a_guest_added_on_an_episode_is_a_revision_of_it(client, contributor, episode):
    make_person(title="Clarke Peters")
    detective = make_character(title="Oscar Clemons")
    services.record_revision(page=detective, summary="Created")

    response = _add(
        client,
        episode.slug,
        person="clarke peters",
        character="Oscar Clemons",
        role="Det. Oscar Clemons",
        billing="3",
        note="voice only",
        next=episode.get_absolute_url(),
    )

    assert response.status_code == 302
    assert response["Location"] == episode.get_absolute_url()
    credit = CastCredit.objects.get(episode=episode)
    assert (credit.person.title, credit.character, credit.billing) == (
        "Clarke Peters",
        detective,
        CastCredit.Billing.GUEST,
    )
    episode.refresh_from_db()
    revision = episode.current_revision
    assert revision.author == contributor and revision.number == 2
    line = "Guest: Clarke Peters as Det. Oscar Clemons → Oscar Clemons (voice only)"
    assert revision.summary == f"Added cast: {line}"
    diffs = diff_snapshots(
        revision.parent.data, revision.data, labels=field_labels("episode")
    )
    assert [d.name for d in diffs] == ["Cast"]
    assert [line] == [str(x.new).removeprefix("<ins>").removesuffix("</ins>")
                      for x in diffs[0].lines]  # fmt: skip
    html = client.get(episode.get_absolute_url()).text
    assert "Guest starring" in html and "Det. Oscar Clemons" in html
    assert "voice only" in html
    recent = client.get("/changes/").text
    assert "Added cast" in recent


def test_a_person_without_a_page_is_made_with_the_credit(client, contributor, episode):
    response = _add(
        client, episode.slug, person="Kieran Mulcare", new_person="on", role="Ruben"
    )

    assert response.status_code == 302
    person = Person.objects.get(title="Kieran Mulcare")
    assert person.current_revision.summary == "Created with a credit"
    assert CastCredit.objects.get(person=person).episode == episode
    assert "AKA Crush Syndrome" in client.get(person.get_absolute_url()).text


def test_an_unknown_person_is_refused_with_the_input_kept(client, contributor, episode):
    response = _add(client, episode.slug, person="Kieran Mulcrae", role="Ruben")

    assert response.status_code == 400
    assert "No person page is called “Kieran Mulcrae”" in response.text
    assert (
        'value="Kieran Mulcrae"' in response.text and 'value="Ruben"' in response.text
    )
    assert not CastCredit.objects.exists() and not Person.objects.exists()


def test_a_credit_already_there_is_refused(client, contributor, episode):
    person = make_person(title="Erin Moriarty")
    make_cast_credit(person=person, role="Hope", episode=episode)

    response = _add(client, episode.slug, person="Erin Moriarty", role="Hope")

    assert response.status_code == 400
    assert "already has this credit on that episode" in response.text
    assert CastCredit.objects.count() == 1


def test_a_role_or_a_character_is_needed(client, contributor, episode):
    make_person(title="Erin Moriarty")

    response = _add(client, episode.slug, person="Erin Moriarty")

    assert response.status_code == 400
    assert "Name the role, or the character" in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, episode):
    make_person(title="Erin Moriarty")

    response = _add(client, episode.slug, person="Erin Moriarty", role="Hope")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not CastCredit.objects.exists()


def test_a_blocked_contributor_is_refused_with_the_input_kept(
    client, contributor, episode
):
    make_person(title="Erin Moriarty")
    blocks.block(actor=None, user=contributor, duration=None, reason="Vandalism")

    response = _add(client, episode.slug, person="Erin Moriarty", role="Hope")

    assert response.status_code == 403
    assert 'value="Hope"' in response.text
    assert not CastCredit.objects.exists()


def test_a_protected_page_refuses_a_newcomer(client, contributor, episode):
    make_person(title="Erin Moriarty")
    services.set_protection(page=episode, author=None, protected=True)

    response = _add(client, episode.slug, person="Erin Moriarty", role="Hope")

    assert response.status_code == 403
    assert not CastCredit.objects.exists()


def test_a_person_page_adds_a_credit_where_it_is_told(client, contributor, episode):
    person = make_person(title="Carrie-Anne Moss")

    wrong = _add(client, person.slug, role="Jeri Hogarth", where="S9E9")
    right = _add(client, person.slug, role="Jeri Hogarth", where="s1e2", billing="1")
    season = _add(client, person.slug, "crew", job="director", where="S1")

    assert wrong.status_code == 400 and "has no S9E9" in wrong.text
    assert right.status_code == season.status_code == 302
    credit = CastCredit.objects.get(person=person)
    assert credit.episode == episode and credit.billing == CastCredit.Billing.MAIN
    crew = CrewCredit.objects.get(person=person)
    assert crew.season == episode.season
    assert crew.season.current_revision.summary.startswith("Added crew: Director")


def test_a_character_page_adds_who_plays_them(client, contributor, episode):
    trish = make_character(title="Trish Walker")
    make_person(title="Rachael Taylor")

    response = _add(client, trish.slug, person="Rachael Taylor", where="S1E2")

    assert response.status_code == 302
    credit = CastCredit.objects.get(character=trish)
    assert (credit.role, credit.episode) == ("Trish Walker", episode)
    assert client.post(f"/wiki/{trish.slug}/credits/add/crew/").status_code == 404


def test_a_credit_is_changed_from_what_was_shown(client, contributor, episode):
    credit = make_cast_credit(
        person=make_person(title="Erin Moriarty"), role="Hope", episode=episode
    )
    form = client.get(f"/credits/cast/{credit.pk}/")
    shown = editing.fingerprint(credit)
    assert form.status_code == 200 and f'value="{shown}"' in form.text

    response = client.post(
        f"/credits/cast/{credit.pk}/",
        {"shown": shown, "role": "Hope Shlottman", "billing": "3", "order": "0"},
    )

    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.role == "Hope Shlottman"
    assert Page.objects.get(pk=episode.pk).current_revision.summary == (
        "Changed cast: Recurring: Erin Moriarty as Hope → "
        "Guest: Erin Moriarty as Hope Shlottman"
    )


def test_a_change_from_a_stale_form_saves_nothing(client, contributor, episode):
    credit = make_cast_credit(
        person=make_person(title="Erin Moriarty"), role="Hope", episode=episode
    )
    shown = editing.fingerprint(credit)
    CastCredit.objects.filter(pk=credit.pk).update(note="flashback")

    response = client.post(
        f"/credits/cast/{credit.pk}/",
        {"shown": shown, "role": "Hope S.", "billing": "3", "order": "0"},
    )

    assert response.status_code == 409
    assert "changed since you opened it" in response.text
    assert 'value="Hope S."' in response.text  # what they typed, to save again
    credit.refresh_from_db()
    assert credit.role == "Hope"


def test_removing_is_a_revision_and_restoring_brings_it_back(
    client, contributor, episode
):
    credit = make_cast_credit(
        person=make_person(title="Erin Moriarty"), role="Hope", episode=episode
    )
    services.record_revision(page=episode, summary="With Hope")
    with_hope = Page.objects.get(pk=episode.pk).current_revision

    stale = client.post(
        f"/credits/cast/{credit.pk}/remove/", {"shown": "not-what-it-is"}
    )
    assert CastCredit.objects.filter(pk=credit.pk).exists()
    assert stale.status_code == 302
    removed = client.post(
        f"/credits/cast/{credit.pk}/remove/",
        {"shown": editing.fingerprint(credit), "next": episode.get_absolute_url()},
    )
    assert removed.status_code == 302
    assert not CastCredit.objects.filter(episode=episode).exists()
    assert Page.objects.get(pk=episode.pk).current_revision.summary == (
        "Removed cast: Recurring: Erin Moriarty as Hope"
    )

    services.restore_revision(
        page=episode,
        revision=with_hope,
        author=contributor,
        base_revision=Page.objects.get(pk=episode.pk).current_revision,
    )

    restored = CastCredit.objects.get(episode=episode)
    assert (restored.person.title, restored.role) == ("Erin Moriarty", "Hope")


def test_the_list_of_credits_is_an_editing_tool(client, contributor, episode):
    make_cast_credit(
        person=make_person(title="Erin Moriarty"), role="Hope", episode=episode
    )

    html = client.get(f"/wiki/{episode.slug}/credits/").text

    assert "Recurring: Erin Moriarty as Hope" in html
    assert "Remove" in html and "Add to the cast" in html


def test_pages_with_credit_forms_keep_to_their_budgets(
    client, contributor, episode, django_assert_max_num_queries
):
    person = make_person(title="Erin Moriarty")
    for number in range(3):
        make_cast_credit(person=person, role=f"Role {number}", episode=episode)

    with django_assert_max_num_queries(30):
        assert client.get(episode.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/wiki/{episode.slug}/credits/").status_code == 200
    # Most of a save is any edit's: the revision, links, categories, search.
    with django_assert_max_num_queries(80):
        response = _add(client, episode.slug, person="Erin Moriarty", role="Hope")
    assert response.status_code == 302


def test_a_characters_where_is_in_its_own_series(client, contributor, episode):
    other = make_series(title="Marvel's Luke Cage")
    elsewhere = make_episode(season=make_season(series=other), number=2, title="Step")
    luke = make_character(title="Luke Cage", series=other)
    make_person(title="Mike Colter")

    response = _add(client, luke.slug, person="Mike Colter", where="S1E2")

    assert response.status_code == 302
    assert CastCredit.objects.get(character=luke).episode == elsewhere
