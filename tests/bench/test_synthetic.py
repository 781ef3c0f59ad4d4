from io import StringIO
from itertools import pairwise

from django.core.management import call_command

from bench.management.commands.generate_wiki import Command as GenerateWiki
from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from wiki.models import Article, Page, PageCategory, PageLink, Revision, SearchEntry


def test_the_generator_writes_a_whole_consistent_wiki(db):
    out = StringIO()
    call_command(
        GenerateWiki(),
        *"--series 2 --seasons 3 --episodes 4 --characters 30 --people 50".split(),
        *"--credits 400 --articles 25 --revisions 500".split(),
        stdout=out,
    )

    assert Series.objects.count() == 2
    assert Season.objects.count() == 6
    assert Episode.objects.count() == 24
    assert Character.objects.count() == 30
    assert Person.objects.count() == 50
    assert Article.objects.count() == 25
    assert CastCredit.objects.count() + CrewCredit.objects.count() >= 400
    assert Revision.objects.count() == 500
    pages = Page.objects.count()
    assert Page.objects.filter(current_revision__isnull=False).count() == pages
    assert SearchEntry.objects.values("page").distinct().count() == pages
    assert PageLink.objects.exists() and PageCategory.objects.exists()
    assert "Generated 2 series" in out.getvalue()


def test_generated_pages_are_spoiler_tagged_and_searchable(client, db):
    call_command(
        GenerateWiki(),
        *"--series 1 --seasons 3 --episodes 3 --characters 10 --people 10".split(),
        *"--credits 50 --articles 5 --revisions 60".split(),
        stdout=StringIO(),
    )
    character = Character.objects.first()

    assert "::: S" in character.body
    assert character.search_entries.count() >= 2
    first, *later = character.search_entries.order_by("visible_from")
    assert first.visible_from == 0 and later[-1].visible_until > 999_999
    assert client.get(character.get_absolute_url()).status_code == 200
    revisions = list(Revision.objects.filter(page=character).order_by("number"))
    assert revisions[0].parent_id is None
    assert all(r.parent_id == p.pk for p, r in pairwise(revisions))
