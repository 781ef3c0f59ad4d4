import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from credits.models import CastCredit, CrewCredit
from tests.factories import (
    make_cast_credit,
    make_character,
    make_crew_credit,
    make_episode,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_a_credit_needs_a_scope():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_crew_credit()


def test_a_credit_cannot_have_two_scopes():
    episode = make_episode()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_crew_credit(episode=episode, season=episode.season)


@pytest.mark.parametrize("scope", ["series", "season", "episode"])
def test_the_same_crew_credit_cannot_be_recorded_twice(scope):
    episode = make_episode()
    where = {
        "episode": episode,
        "season": episode.season,
        "series": episode.season.series,
    }[scope]
    person = make_person()
    make_crew_credit(person=person, job=CrewCredit.Job.WRITER, **{scope: where})

    with pytest.raises(IntegrityError), transaction.atomic():
        make_crew_credit(person=person, job=CrewCredit.Job.WRITER, **{scope: where})


def test_the_same_cast_credit_cannot_be_recorded_twice():
    episode = make_episode()
    person = make_person()
    make_cast_credit(person=person, role="Jessica Jones", episode=episode)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_cast_credit(person=person, role="Jessica Jones", episode=episode)


def test_one_person_may_hold_two_jobs_on_one_episode():
    episode = make_episode()
    person = make_person()
    make_crew_credit(person=person, job=CrewCredit.Job.WRITER, episode=episode)

    assert make_crew_credit(person=person, job=CrewCredit.Job.DIRECTOR, episode=episode)


def test_validation_explains_a_missing_scope():
    credit = CrewCredit(person=make_person(), job=CrewCredit.Job.WRITER)

    with pytest.raises(ValidationError) as error:
        credit.full_clean()

    assert "Choose exactly one of series, season or episode." in str(error.value)


def test_an_empty_role_takes_the_characters_name():
    character = make_character(title="Trish Walker")
    credit = CastCredit(
        person=make_person(), character=character, episode=make_episode()
    )

    credit.full_clean()

    assert credit.role == "Trish Walker"


def test_a_credit_may_leave_the_role_unrecorded():
    # A source that names the actor only: the credit is kept, role unknown.
    credit = CastCredit(person=make_person(), episode=make_episode())

    credit.full_clean()

    assert credit.role == ""
