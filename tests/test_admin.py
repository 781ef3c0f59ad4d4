import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from tests.factories import (
    make_cast_credit,
    make_character,
    make_person,
    make_season,
)
from wiki.models import Article, Page

pytestmark = pytest.mark.django_db

MODELS = [model for model in apps.get_models() if admin.site.is_registered(model)]
# The task queue's results are written by the queue alone.
READ_ONLY = {"wiki.Page", "wiki.Revision", "django_tasks_database.DBTaskResult"}
# Every page's admin has gallery and video inlines (from the multimedia app).
MEDIA_INLINES = {
    f"{prefix}-{count}": "0"
    for prefix in ("gallery_items", "videos")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def _url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def test_every_wiki_model_is_in_the_admin():
    for model in (Page, Article, Series, Season, Episode, Character, Person,
                  CastCredit, CrewCredit):  # fmt: skip
        assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_lists_the_seeded_records(admin_client, seeded, model):
    response = admin_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == model._default_manager.count()
    if changelist.result_count:
        assert 'id="result_list"' in response.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_can_be_searched(admin_client, seeded, model):
    response = admin_client.get(_url(model, "changelist"), {"q": "Jones"})

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.query == "Jones"
    assert changelist.result_count <= model._default_manager.count()
    named = [str(obj) for obj in model._default_manager.all()]
    if (
        any("Jones" in name for name in named)
        and admin.site._registry[model].search_fields
    ):
        assert changelist.result_count >= 1


@pytest.mark.parametrize(
    "model",
    [m for m in MODELS if m._meta.label not in READ_ONLY],
    ids=lambda m: m._meta.label,
)
def test_every_add_page_has_a_form_for_the_model(admin_client, model):
    response = admin_client.get(_url(model, "add"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form._meta.model is model
    assert 'name="_save"' in response.text


@pytest.mark.parametrize(
    "model", [Series, Season, Episode, Character, Person], ids=lambda m: m.__name__
)
def test_change_pages_of_seeded_records_load(admin_client, seeded, model):
    obj = model.objects.first()

    response = admin_client.get(_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert escape(obj.title) in response.text


def test_editors_build_a_series_from_scratch_in_the_admin(admin_client):
    response = admin_client.post(
        _url(Series, "add"),
        {
            "title": "Luke Cage",
            "slug": "luke-cage",
            "network": "Netflix",
            "premise": "",
            "body": "A hero for [[Harlem]].",
            "sources": "",
            "seasons-TOTAL_FORMS": "1",
            "seasons-INITIAL_FORMS": "0",
            "seasons-0-number": "1",
            "seasons-0-title": "Luke Cage season 1",
            "seasons-0-slug": "luke-cage-season-1",
            "seasons-0-release_date": "2016-09-30",
        }
        | MEDIA_INLINES,
    )

    assert response.status_code == 302, response.context["errors"]
    season = Season.objects.get(slug="luke-cage-season-1")
    assert season.series.title == "Luke Cage"
    assert season.kind == "season"

    response = admin_client.post(
        _url(Episode, "add"),
        {
            "title": "Moment of Truth",
            "slug": "moment-of-truth",
            "season": season.pk,
            "number": "1",
            "number_overall": "1",
            "release_date": "2016-09-30",
            "runtime": "55",
            "synopsis": "Luke keeps his head down.",
            "credits_note": "",
            "body": "",
            "sources": "",
            "cast_credits-TOTAL_FORMS": "0",
            "cast_credits-INITIAL_FORMS": "0",
            "crew_credits-TOTAL_FORMS": "1",
            "crew_credits-INITIAL_FORMS": "0",
            "crew_credits-0-person": Person.objects.create(
                title="Paul McGuigan", slug="paul-mcguigan"
            ).pk,
            "crew_credits-0-job": "director",
            "crew_credits-0-order": "0",
        }
        | MEDIA_INLINES,
    )

    assert response.status_code == 302, response.context["errors"]
    episode = Episode.objects.get(slug="moment-of-truth")
    assert episode.crew_credits.get().person.title == "Paul McGuigan"


def test_a_credit_with_two_scopes_is_refused_with_a_message(admin_client, seeded):
    episode = Episode.objects.first()
    person = Person.objects.first()

    response = admin_client.post(
        _url(CrewCredit, "add"),
        {
            "person": person.pk,
            "job": "director",
            "order": "0",
            "season": episode.season_id,
            "episode": episode.pk,
        },
    )

    assert response.status_code == 200
    assert "Choose exactly one of series, season or episode." in response.text
    assert not CrewCredit.objects.filter(
        person=person, job="director", season=episode.season
    ).exists()


def test_autocomplete_finds_people(admin_client, seeded):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Ritter",
            "app_label": "credits",
            "model_name": "crewcredit",
            "field_name": "person",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Krysten Ritter"]


def test_the_page_index_is_read_only(admin_client, seeded):
    page = Page.objects.first()

    assert admin_client.get(_url(Page, "add")).status_code == 403
    changelist = admin_client.get(_url(Page, "changelist")).text
    assert _url(Page, "add") not in changelist
    change = admin_client.get(_url(Page, "change", page.pk)).text
    assert 'name="_save"' not in change  # shown, never saved


def test_visitors_are_sent_to_log_in(client, db):
    response = client.get(_url(Episode, "changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_save_in_the_admin_records_a_revision(admin_client, seeded):
    character = Character.objects.get(slug="kilgrave")
    before = character.revisions.count()
    response = admin_client.get(_url(Character, "change", character.pk))
    form = response.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data |= {
        "series": character.series_id,
        "description": "Edited in the admin.",
        "cast_credits-TOTAL_FORMS": "0",
        "cast_credits-INITIAL_FORMS": "0",
    } | MEDIA_INLINES

    response = admin_client.post(_url(Character, "change", character.pk), data)

    assert response.status_code == 302, response.context["errors"]
    character.refresh_from_db()
    assert character.revisions.count() == before + 1
    revision = character.current_revision
    assert revision.data["description"] == "Edited in the admin."
    assert revision.author.username == "admin"
    assert revision.summary == "Edited in the admin"


def test_changing_a_slug_in_the_admin_leaves_a_redirect(admin_client, seeded):
    from wiki.models import Redirect

    article = Article.objects.get(slug="igh")
    data = {
        "title": "IGH",
        "slug": "igh-corporation",
        "article_type": "organisation",
        "published_on": "",
        "body": article.body,
        "sources": "",
        "base_revision": article.current_revision_id,
    } | MEDIA_INLINES

    response = admin_client.post(_url(Article, "change", article.pk), data)

    assert response.status_code == 302, response.context["errors"]
    assert Redirect.objects.get(slug="igh").target_id == article.pk


def _article_form(article, **changes):
    return (
        {
            "title": article.title,
            "slug": article.slug,
            "article_type": article.article_type,
            "published_on": "",
            "body": article.body,
            "sources": article.sources,
            "base_revision": article.current_revision_id,
        }
        | MEDIA_INLINES
        | changes
    )


def test_renaming_in_the_admin_moves_the_page_as_the_site_does(
    admin_client, client, seeded
):
    article = Article.objects.get(slug="igh")

    response = admin_client.post(
        _url(Article, "change", article.pk),
        _article_form(article, title="International Genetic Holdings"),
    )

    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.slug == "international-genetic-holdings"
    assert article.current_revision.data["title"] == "International Genetic Holdings"
    moved = client.get("/wiki/igh/", follow=True)
    assert moved.redirect_chain[-1][0].startswith(
        "/wiki/international-genetic-holdings/"
    )


def test_a_rename_in_the_admin_onto_a_taken_title_is_refused(admin_client, seeded):
    article = Article.objects.get(slug="igh")

    response = admin_client.post(
        _url(Article, "change", article.pk), _article_form(article, title="Kilgrave")
    )

    assert response.status_code == 200
    assert "There is already a page called “Kilgrave”." in response.text
    article.refresh_from_db()
    assert (article.title, article.slug) == ("IGH", "igh")


def _character_with_new_credit(admin_client, character, person, season, role):
    response = admin_client.get(_url(Character, "change", character.pk))
    form = response.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    return admin_client.post(
        _url(Character, "change", character.pk),
        data
        | {
            "cast_credits-TOTAL_FORMS": "1",
            "cast_credits-INITIAL_FORMS": "0",
            "cast_credits-0-person": person.pk,
            "cast_credits-0-role": role,
            "cast_credits-0-billing": CastCredit.Billing.RECURRING,
            "cast_credits-0-order": "3",
            "cast_credits-0-season": season.pk,
        }
        | MEDIA_INLINES,
    )


def test_a_persons_existing_credit_is_linked_to_a_character_not_repeated(
    admin_client, db
):
    season = make_season()
    person = make_person(title="Elizabeth Cappuccino")
    credit = make_cast_credit(person=person, role="Young Jessica", season=season)
    character = make_character(title="Jessica Jones")

    response = _character_with_new_credit(
        admin_client, character, person, season, "Young Jessica"
    )

    assert response.status_code == 302, response.context["errors"]
    credit.refresh_from_db()
    assert credit.character == character
    assert (credit.billing, credit.order) == (CastCredit.Billing.RECURRING, 3)
    assert CastCredit.objects.filter(person=person).count() == 1


def test_a_credit_of_another_character_is_refused_with_where_it_is(admin_client, db):
    season = make_season()
    person = make_person(title="Elizabeth Cappuccino")
    other = make_character(title="Trish Walker")
    make_cast_credit(person=person, role="Young girl", season=season, character=other)
    character = make_character(title="Jessica Jones")

    response = _character_with_new_credit(
        admin_client, character, person, season, "Young girl"
    )

    assert response.status_code == 200
    assert "already has this credit, for Trish Walker" in response.text
    assert CastCredit.objects.filter(person=person).count() == 1


def test_an_admin_with_autocomplete_fields_must_take_any_input():
    from django.contrib.admin import AdminSite

    from multimedia.models import Video
    from wiki.admin_input import CheckedInputMixin, check_admins

    class PlainVideoAdmin(admin.ModelAdmin):
        autocomplete_fields = ["page"]

    class CheckedVideoAdmin(CheckedInputMixin, admin.ModelAdmin):
        autocomplete_fields = ["page"]

    plain, checked = AdminSite(name="plain"), AdminSite(name="checked")
    plain.register(Video, PlainVideoAdmin)
    checked.register(Video, CheckedVideoAdmin)

    assert [error.id for error in check_admins(plain)] == ["wiki.E004"]
    assert check_admins(checked) == []
    assert check_admins(admin.site) == []


@pytest.mark.parametrize(
    "address",
    [
        "/admin/credits/castcredit/add/?person=abc",
        "/admin/characters/character/add/?series=%00",
        "/admin/episodes/episode/add/?season=x",
        "/admin/wiki/article/?published_on__year=99999999999999999999",
        "/admin/characters/character/99999999999999999999/change/",
    ],
)
def test_the_admin_answers_odd_addresses_without_failing(admin_client, address):
    response = admin_client.get(address)

    assert response.status_code in (200, 302, 400)


def test_pages_are_deleted_on_the_site_not_in_the_admin(admin_client, db):
    from tests.factories import make_revised_page

    page = make_revised_page(title="Alias Investigations")

    response = admin_client.post(
        f"/admin/wiki/article/{page.pk}/delete/", {"post": "yes"}
    )
    listing = admin_client.get("/admin/wiki/article/")

    assert response.status_code == 403
    assert page.revisions.exists()
    assert "delete_selected" not in listing.text
