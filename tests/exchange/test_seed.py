import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from exchange.seeding import DEFAULT_SEED_DIR
from wiki import storytime
from wiki.models import Article, Page

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Series, Season, Episode, Character, Person, CastCredit,
                      CrewCredit)
    }  # fmt: skip


def test_the_seed_loads_the_whole_series(seeded):
    series = Series.objects.get()
    assert series.is_featured
    assert [s.number for s in series.seasons.order_by("number")] == [1, 2, 3]
    assert Episode.objects.count() == 39
    assert sorted(Episode.objects.values_list("number_overall", flat=True)) == list(
        range(1, 40)
    )
    assert Character.objects.count() == 32
    assert Article.objects.filter(article_type="news").count() == 1


def test_the_seed_credits_directors_and_writers_and_nothing_more(seeded):
    def names(episode, job):
        return sorted(
            episode.crew_credits.filter(job=job).values_list("person__title", flat=True)
        )

    whiskey = Episode.objects.get(season__number=1, number=3)
    fun = Episode.objects.get(season__number=2, number=8)
    facetime = Episode.objects.get(season__number=2, number=6)
    assert names(whiskey, "director") == ["David Petrarca"]
    assert names(whiskey, "writer") == ["Liz Friedman", "Scott Reynolds"]
    assert names(fun, "director") == [] and names(fun, "writer") == []
    assert names(facetime, "director") == ["Jet Wilkinson"]
    assert names(facetime, "writer") == []
    full = [
        e
        for e in Episode.objects.all()
        if e.crew_credits.filter(job="director").exists()
        and e.crew_credits.filter(job="writer").exists()
    ]
    assert len(full) == 32


def test_the_seed_records_showrunners_producers_and_main_cast(seeded):
    season3 = Season.objects.get(number=3)
    showrunners = season3.crew_credits.filter(job=CrewCredit.Job.SHOWRUNNER)
    assert sorted(showrunners.values_list("person__title", flat=True)) == [
        "Melissa Rosenberg",
        "Scott Reynolds",
    ]
    producers = CrewCredit.objects.filter(job=CrewCredit.Job.EXECUTIVE_PRODUCER)
    assert producers.count() == 17
    assert all(credit.series_id for credit in producers)
    main = season3.cast_credits.main()
    assert main.count() == 8
    trish = main.get(person__title="Rachael Taylor")
    assert trish.character.title == "Trish Walker"
    assert trish.role == 'Patricia "Trish" Walker'


def test_every_character_has_a_credit_and_links_to_the_others(seeded):
    for character in Character.objects.all():
        assert character.cast_credits.exists(), character.title
    assert "[[Kilgrave]]" in Character.objects.get(title="Jessica Jones").body


def test_the_seed_sets_where_characters_credits_and_articles_are_revealed(seeded):
    def reveal(title):
        return storytime.code(Page.objects.get(title=title).revealed_in)

    assert reveal("Jessica Jones") == "nothing"  # the premise names her
    assert reveal("Alisa Jones") == "S1E8"
    assert reveal("Gregory Sallinger") == "S3E3"
    assert reveal("IGH") == "S1E12"
    mother = CastCredit.objects.get(person__title="Janet McTeer", season__number=2)
    assert storytime.code(mother.reveal) == "S2E6"
    young = CastCredit.objects.get(role="Young Kilgrave", episode=None)
    assert young.series_id and storytime.code(young.reveal) == "S1E8"
    cover = CastCredit.objects.get(role='"Leslie Hansen"', episode__number=4)
    assert cover.character is None and cover.reveal == cover.episode.reveals_at
    trish = Character.objects.get(title="Trish Walker")
    assert "S3E11: https://www.elitedaily.com/p/who-is-hellcat" in trish.sources


def test_the_news_article_is_in_our_own_words(seeded):
    article = Article.objects.get(article_type="news")
    assert "8 March 2018" in article.body
    assert "directed by a woman" in article.body
    # Phrases of the promotional article the news is based on stay out of it.
    for phrase in (
        "capitalizing on the good press",
        "stepping up the PR game",
        "delves into the empowerment",
        "is beginning to put her life back together",
        "incredible returning cast",
    ):
        assert phrase not in article.body
    assert "[[Janet McTeer]]" in article.body


def test_running_the_seed_twice_changes_nothing(seeded, capsys):
    before = _counts()
    jessica = Character.objects.get(title="Jessica Jones")

    call_command("load_seed")

    assert _counts() == before
    assert Character.objects.get(pk=jessica.pk).updated_at == jessica.updated_at
    assert "nothing to do" in capsys.readouterr().out


def test_the_seed_keeps_what_editors_changed(seeded):
    Character.objects.filter(title="Kilgrave").update(description="Edited by a fan.")
    Episode.objects.filter(title="AKA Sin Bin").delete()

    call_command("load_seed", verbosity=0)

    assert Character.objects.get(title="Kilgrave").description == "Edited by a fan."
    assert Episode.objects.filter(title="AKA Sin Bin").exists()


@pytest.fixture
def seed_copy(tmp_path):
    target = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED_DIR, target)
    return target


def _edit(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("season2.json", lambda d: d["episodes"][3].pop("title"), "missing field"),
        (
            "season2.json",
            lambda d: d["episodes"][0].update(release_date="8 March"),
            "not a date",
        ),
        (
            "season1.json",
            lambda d: d["episodes"][1].update(number_in_season=1),
            "repeated",
        ),
        ("season3.json", lambda d: d.update(main_cast="nobody"), "expected list"),
        ("characters.json", lambda d: d[4].update(seasons=["one"]), "expected int"),
        (
            "character-facts.json",
            lambda d: d.update(Nobody={"description": ["Who?"]}),
            "unknown character",
        ),
        (
            "character-facts.json",
            lambda d: d.pop("Claire Temple"),
            "lacks 'Claire Temple'",
        ),
        (
            "appearances.json",
            lambda d: d["characters"]["Kilgrave"].update(first_appearance="S1"),
            "not an episode code",
        ),
        (
            "season1.json",
            lambda d: d["recurring_cast"][-1].pop("revealed_in"),
            "credits 'Claire Temple' before S1E13",
        ),
    ],
)
def test_a_malformed_seed_is_refused_and_nothing_changes(
    db, seed_copy, file, change, message
):
    _edit(seed_copy / file, change)

    with pytest.raises(CommandError) as error:
        call_command("load_seed", data_dir=seed_copy)

    assert file in str(error.value)
    assert message in str(error.value)
    assert Page.objects.count() == 0


def test_a_seed_file_that_is_not_json_names_the_line(db, seed_copy):
    (seed_copy / "season2.json").write_text('{\n  "season": 2,\n  oops\n}')

    with pytest.raises(CommandError, match=r"season2.json: not valid JSON \(line 3"):
        call_command("load_seed", data_dir=seed_copy)

    assert Page.objects.count() == 0


def test_a_missing_seed_file_is_refused(db, seed_copy):
    (seed_copy / "characters.json").unlink()

    with pytest.raises(CommandError, match="characters.json: file not found"):
        call_command("load_seed", data_dir=seed_copy)

    assert Page.objects.count() == 0


def test_a_missing_seed_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="seed folder not found"):
        call_command("load_seed", data_dir=tmp_path / "nowhere")


def test_the_seed_loads_each_episodes_cast_and_the_relations(seeded):
    from characters.models import Relation

    data = json.loads((DEFAULT_SEED_DIR / "episode-cast.json").read_text())
    episodes = CastCredit.objects.filter(episode__isnull=False)

    # Every entry of every episode's list, as an appearance in that episode.
    assert episodes.count() == sum(len(e["cast"]) for e in data["episodes"])
    premiere = episodes.filter(episode__season__number=1, episode__number=1)
    kilgrave = premiere.get(character__title="Kilgrave")
    assert (kilgrave.billing, kilgrave.note) == (CastCredit.Billing.MAIN, "voice only")
    # Lists from reviews say nothing of billing: left unknown.
    assert episodes.filter(billing=None).exists()
    assert not episodes.filter(episode__season__number=1, episode__number=6).exclude(
        billing=None
    )
    # All 26 ties, both ways; the one the show keeps back waits for its episode.
    assert Relation.objects.count() == 52
    mother = Relation.objects.get(subject__title="Alisa Jones", kind="mother",
                                  other__title="Jessica Jones")  # fmt: skip
    assert storytime.code(mother.reveal) == "S2E6"
    sister = Relation.objects.get(
        subject__title="Jessica Jones", kind="adoptive sister"
    )
    assert sister.other.title == "Trish Walker" and sister.reveal == 1001
