import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from episodes.models import Episode, Season
from tests.factories import make_article, make_episode, make_season, make_series

pytestmark = pytest.mark.django_db


def test_a_season_number_is_unique_within_its_series():
    season = make_season(number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_season(series=season.series, number=1)


def test_the_same_season_number_is_fine_in_another_series():
    make_season(number=1)

    assert make_season(series=make_series(title="Daredevil"), number=1).pk


def test_an_episode_number_is_unique_within_its_season():
    episode = make_episode(number=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_episode(season=episode.season, number=3)


@pytest.mark.parametrize("field", ["number", "number_overall"])
def test_episode_numbers_start_at_one(field):
    values = {"number": 1, "number_overall": 1} | {field: 0}

    with pytest.raises(IntegrityError), transaction.atomic():
        make_episode(**values)


def test_season_numbers_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_season(number=0)


def test_slugs_are_unique_across_every_kind_of_page():
    make_article(title="Kilgrave", slug="kilgrave")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_series(title="Kilgrave", slug="kilgrave")


def test_the_kind_of_a_typed_page_is_set_on_save():
    episode = make_episode()

    assert episode.kind == "episode"
    assert episode.season.kind == "season"
    assert episode.season.series.kind == "series"


def test_clean_refuses_a_second_episode_with_the_same_overall_number():
    first = make_episode(number=1, number_overall=1)
    second_season = make_season(series=first.season.series, number=2)
    clash = Episode(
        season=second_season, number=1, number_overall=1, title="X", slug="x"
    )

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    assert "number_overall" in error.value.message_dict


def test_pages_know_their_addresses():
    episode = make_episode()

    assert episode.get_absolute_url() == f"/episodes/{episode.slug}/"
    assert episode.season.get_absolute_url() == f"/seasons/{episode.season.slug}/"
    assert Season.objects.get().series.get_absolute_url().startswith("/series/")
