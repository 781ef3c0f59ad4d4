"""A page's portrait, poster or still set on the site, as an edit of the page;
and what a page without one shows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from multimedia.models import GalleryItem, Image
from multimedia.services import set_picture
from tests.factories import (
    make_article,
    make_character,
    make_episode,
    make_person,
    make_season,
    make_user,
)
from tests.html_forms import form_data
from tests.multimedia.images import make_image, png
from wiki import services
from wiki.models import Block, Page, Revision
from wiki.storytime import position

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_user(username="jess")
    client.force_login(user)
    return user


@pytest.fixture
def jessica():
    character = make_character(title="Jessica Jones", slug="jessica-jones")
    services.record_revision(page=character, summary="Created")
    return character


def _url(page):
    return f"/wiki/{page.slug}/picture/"


def _choose(client, page, name, **more):
    page.refresh_from_db()
    data = {"image": name, "base_revision": page.current_revision_id, **more}
    return client.post(_url(page), data)


def test_a_contributor_sets_a_portrait_by_its_name(client, contributor, jessica):
    image = make_image(title="Jessica at her desk")

    response = _choose(client, jessica, "Jessica at her desk", summary="From S1")

    assert response.status_code == 302
    assert response["Location"] == jessica.get_absolute_url()
    jessica.refresh_from_db()
    assert jessica.portrait == image
    revision = jessica.current_revision
    assert revision.author == contributor
    assert revision.data["portrait"] == image.pk  # stored as the image's id
    assert revision.summary == "Set the portrait: Jessica at her desk (From S1)"
    html = client.get(jessica.get_absolute_url()).text
    assert 'alt="Jessica at her desk, a bottle beside her"' in html
    assert "Change the portrait" in html
    changes = client.get("/changes/").text
    assert "Set the portrait: Jessica at her desk" in changes


def test_a_name_written_as_a_file_link_or_an_old_name_is_found(
    client, contributor, jessica
):
    image = make_image(title="Jessica at her desk")

    assert _choose(client, jessica, "File:jessica at her DESK").status_code == 302
    jessica.refresh_from_db()
    assert jessica.portrait == image


def test_changing_and_removing_read_as_file_names_in_the_diff(
    client, contributor, jessica
):
    make_image(title="Jessica at her desk")
    make_image(title="Jessica in the rain")
    _choose(client, jessica, "Jessica at her desk")
    _choose(client, jessica, "Jessica in the rain")
    jessica.refresh_from_db()

    response = client.post(
        _url(jessica), {"remove": "", "base_revision": jessica.current_revision_id}
    )

    assert response.status_code == 302
    jessica.refresh_from_db()
    assert jessica.portrait is None
    assert jessica.current_revision.summary == "Removed the portrait"
    changed = client.get(f"/wiki/{jessica.slug}/diff/?from=2&to=3").text
    assert "<h2>Portrait</h2>" in changed
    assert "Jessica at her" in changed and "in the rain" in changed
    removed = client.get(f"/wiki/{jessica.slug}/diff/?from=3&to=4").text
    assert "<del>Jessica in the rain</del>" in removed
    revision = client.get(f"/wiki/{jessica.slug}/history/3/").text
    assert "<dt>Portrait</dt><dd>Jessica in the rain</dd>" in revision


def test_restoring_an_old_revision_brings_its_portrait_back(
    client, contributor, jessica
):
    image = make_image(title="Jessica at her desk")
    _choose(client, jessica, "Jessica at her desk")
    jessica.refresh_from_db()
    client.post(
        _url(jessica), {"remove": "", "base_revision": jessica.current_revision_id}
    )
    jessica.refresh_from_db()

    shown = client.get(f"/wiki/{jessica.slug}/history/2/restore/")
    response = client.post(
        f"/wiki/{jessica.slug}/history/2/restore/", form_data(shown.text, "edit-form")
    )

    assert response.status_code == 302
    jessica.refresh_from_db()
    assert jessica.portrait == image
    assert jessica.current_revision.number == 4


def test_a_portrait_deleted_for_good_is_restored_as_none(contributor, jessica):
    image = make_image(title="Gone soon")
    services.revise_page(
        page=jessica,
        author=contributor,
        changes={"portrait": image.pk},
        base_revision=jessica.current_revision,
    )
    with_portrait = jessica.revisions.get(number=2)
    Page.including_deleted.filter(pk=image.pk).delete()
    jessica.refresh_from_db()

    services.restore_revision(
        page=jessica,
        revision=with_portrait,
        author=contributor,
        base_revision=jessica.current_revision,
    )

    jessica.refresh_from_db()
    assert jessica.portrait is None


def test_a_new_image_is_uploaded_and_set_in_one_step(client, contributor, jessica):
    response = client.post(
        _url(jessica),
        {
            "file": png(),
            "title": "Jessica on the fire escape",
            "alt_text": "Jessica on a fire escape at night",
            "credit": "Fan photo, CC BY",
            "base_revision": jessica.current_revision_id,
        },
    )

    assert response.status_code == 302
    image = Image.objects.get(slug="jessica-on-the-fire-escape")
    assert image.credit == "Fan photo, CC BY"
    assert image.current_revision.author == contributor
    jessica.refresh_from_db()
    assert jessica.portrait == image


def test_a_file_that_is_no_image_is_refused_and_the_input_kept(
    client, contributor, jessica
):
    fake = SimpleUploadedFile("evil.png", b"<html>no picture</html>", "image/png")

    response = client.post(
        _url(jessica),
        {
            "file": fake,
            "title": "Evil portrait",
            "alt_text": "Nothing at all",
            "base_revision": jessica.current_revision_id,
        },
    )

    assert response.status_code == 400
    assert "This is not a JPEG, PNG, WebP or GIF image." in response.text
    assert 'value="Evil portrait"' in response.text
    assert 'value="Nothing at all"' in response.text
    assert not Image.objects.exists()
    jessica.refresh_from_db()
    assert jessica.portrait is None and jessica.current_revision.number == 1


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"image": "Nobody's picture"}, "There is no image called “Nobody&#x27;s"),
        ({}, "Type the name of an image already on the wiki, or upload"),
        ({"file": "upload", "title": ""}, "Give the new file page a title."),
        (
            {"image": "Jessica at her desk", "file": "upload", "title": "T"},
            "not both",
        ),
    ],
)
def test_a_choice_that_cannot_be_made_says_why(
    client, contributor, jessica, data, said
):
    make_image(title="Jessica at her desk")
    if data.get("file") == "upload":
        data = data | {"file": png()}

    response = client.post(
        _url(jessica), {"base_revision": jessica.current_revision_id, **data}
    )

    assert response.status_code == 400
    assert said in response.text
    jessica.refresh_from_db()
    assert jessica.portrait is None


def test_visitors_are_asked_to_log_in(client, jessica):
    response = client.get(_url(jessica))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_save_after_logging_out_is_refused_with_the_choice_kept(client, jessica):
    make_image(title="Jessica at her desk")

    response = _choose(client, jessica, "Jessica at her desk")

    assert response.status_code == 403
    assert "You are not logged in" in response.text
    assert 'value="Jessica at her desk"' in response.text
    jessica.refresh_from_db()
    assert jessica.portrait is None


def test_a_blocked_contributor_is_refused(client, contributor, jessica):
    make_image(title="Jessica at her desk")
    Block.objects.create(user=contributor, reason="Vandalism")

    response = _choose(client, jessica, "Jessica at her desk")

    assert response.status_code == 403
    assert "Your account is blocked" in response.text
    jessica.refresh_from_db()
    assert jessica.portrait is None


def test_a_protected_page_keeps_its_portrait(client, contributor, jessica):
    make_image(title="Jessica at her desk")
    services.set_protection(page=jessica, author=None, level=Page.Protection.EDITORS)

    response = _choose(client, jessica, "Jessica at her desk")

    assert response.status_code == 403
    assert "only editors may change it" in response.text
    jessica.refresh_from_db()
    assert jessica.portrait is None


def test_saving_too_often_is_refused(client, contributor, jessica, settings):
    make_image(title="Jessica at her desk")
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {"edit": {"user": (0, 60)}}

    response = _choose(client, jessica, "Jessica at her desk")

    assert response.status_code == 429
    assert "You are saving too often" in response.text


def test_the_second_of_two_changes_from_one_revision_is_a_conflict(
    client, contributor, jessica
):
    first = make_image(title="Jessica at her desk")
    make_image(title="Jessica in the rain")
    base = jessica.current_revision_id
    client.force_login(make_user(username="trish"))
    assert (
        client.post(
            _url(jessica), {"image": "Jessica at her desk", "base_revision": base}
        ).status_code
        == 302
    )
    client.force_login(contributor)

    response = client.post(
        _url(jessica), {"image": "Jessica in the rain", "base_revision": base}
    )

    assert response.status_code == 409
    assert "Edit conflict" in response.text and "trish" in response.text
    assert 'value="Jessica in the rain"' in response.text  # kept to save again
    jessica.refresh_from_db()
    assert jessica.portrait == first
    again = client.post(_url(jessica), form_data(response.text, "edit-form"))
    assert again.status_code == 302
    jessica.refresh_from_db()
    assert jessica.portrait.title == "Jessica in the rain"


def test_an_upload_refused_by_a_conflict_is_kept_to_choose_by_name(
    client, contributor, jessica
):
    base = jessica.current_revision_id
    set_picture(
        page=jessica,
        image=make_image(title="Jessica at her desk"),
        author=make_user(username="trish"),
        base_revision=jessica.current_revision,
    )

    response = client.post(
        _url(jessica),
        {"file": png(), "title": "My own", "alt_text": "Mine", "base_revision": base},
    )

    assert response.status_code == 409
    assert "Your upload was kept as the file “My own”" in response.text
    assert 'value="My own"' in response.text
    assert Image.objects.filter(slug="my-own").exists()
    jessica.refresh_from_db()
    assert jessica.portrait.title == "Jessica at her desk"


def test_an_edit_of_the_text_keeps_the_portrait(client, contributor, jessica):
    image = make_image(title="Jessica at her desk")
    base = jessica.current_revision
    _choose(client, jessica, "Jessica at her desk")

    services.revise_page(
        page=jessica,
        author=contributor,
        changes={"body": "Jessica Jones is a private investigator."},
        base_revision=base,
    )

    jessica.refresh_from_db()
    assert jessica.portrait == image


def test_a_season_poster_and_an_episode_still_are_set_alike(client, contributor):
    season = make_season(slug="jessica-jones-season-1")
    episode = make_episode(season=season, slug="aka-ladies-night")
    for page in (season, episode):
        services.record_revision(page=page)
    poster = make_image(title="Season one poster")
    still = make_image(title="Ladies night still")

    assert _choose(client, season, "Season one poster").status_code == 302
    assert _choose(client, episode, "Ladies night still").status_code == 302

    season.refresh_from_db()
    episode.refresh_from_db()
    assert (season.poster, episode.still) == (poster, still)
    assert "Add a poster" not in client.get(season.get_absolute_url()).text
    assert "Set the still" in episode.current_revision.summary


def test_a_person_portrait_is_set_alike(client, contributor):
    person = make_person(title="Krysten Ritter", slug="krysten-ritter")
    services.record_revision(page=person)
    image = make_image(title="Krysten Ritter at a premiere")

    assert _choose(client, person, "Krysten Ritter at a premiere").status_code == 302

    person.refresh_from_db()
    assert person.portrait == image


def test_a_page_without_a_picture_field_has_no_picture_form(client, contributor):
    article = make_article(title="Alias Investigations")

    assert client.get(_url(article)).status_code == 404


def test_the_form_and_a_save_cost_a_fixed_number_of_queries(
    client, contributor, jessica, django_assert_max_num_queries
):
    for n in range(20):
        image = make_image(title=f"Picture {n}", size=(40, 30))
        GalleryItem.objects.create(page=jessica, image=image, order=n)

    with django_assert_max_num_queries(12):
        form = client.get(_url(jessica))
    # The cost of any edit (its revision, links, categories, search entry):
    # the same for a gallery of 20 as for none.
    with django_assert_max_num_queries(60):
        saved = _choose(client, jessica, "Picture 7")

    assert form.status_code == 200 and 'list="image-names"' in form.text
    assert saved.status_code == 302


def test_names_are_suggested_but_not_those_of_a_later_episode(client, db):
    make_image(title="Jessica at her desk")
    make_image(title="Jessica and Kilgrave", revealed_in=position(1, 8))
    make_image(title="Trish on air")

    early = client.get("/search/files/", {"q": "jess", "progress": "S1E2"}).json()
    late = client.get("/search/files/", {"q": "File:jess"}).json()

    assert early == {"query": "jess", "results": ["Jessica at her desk"]}
    assert late["results"] == ["Jessica at her desk", "Jessica and Kilgrave"]


def test_suggestions_cost_one_query(client, db, django_assert_max_num_queries):
    for n in range(15):
        make_image(title=f"Still {n}", size=(40, 30))

    with django_assert_max_num_queries(3):
        found = client.get("/search/files/", {"q": "still"}).json()

    assert len(found["results"]) == 10


def test_a_character_without_a_portrait_shows_a_monogram(client, contributor, jessica):
    html = client.get(jessica.get_absolute_url()).text

    assert '<svg class="placeholder placeholder--portrait"' in html
    assert 'aria-label="No portrait of Jessica Jones yet"' in html
    assert ">JJ</text>" in html
    assert "wiki-file__image" not in html
    assert "Add a portrait" in html


def test_readers_see_the_monogram_without_the_link(client, jessica):
    html = client.get(jessica.get_absolute_url()).text

    assert ">JJ</text>" in html and "Add a portrait" not in html


def test_a_still_stays_hidden_until_the_reader_reaches_the_episode(client, db):
    episode = make_episode(
        season=make_season(number=1), number=3, still=make_image(title="Still")
    )

    early = client.get(episode.get_absolute_url(), {"progress": "S1E2"}).text
    reached = client.get(episode.get_absolute_url(), {"progress": "S1E3"}).text

    assert "wiki-file__image" not in early
    assert '<svg class="placeholder placeholder--still"' in early
    assert f">{episode.code}</text>" in early
    assert "wiki-file__image" in reached


def test_a_portrait_of_a_later_episode_waits_for_it(client, db):
    character = make_character(
        title="Kilgrave",
        portrait=make_image(title="Purple", revealed_in=position(1, 8)),
    )

    early = client.get(character.get_absolute_url(), {"progress": "S1E3"}).text
    later = client.get(character.get_absolute_url(), {"progress": "S1E8"}).text

    assert "wiki-file__image" not in early and ">K</text>" in early
    assert "wiki-file__image" in later


@pytest.mark.parametrize("with_portrait", [False, True])
def test_a_character_page_costs_the_same_with_or_without_a_portrait(
    client, jessica, with_portrait, django_assert_max_num_queries
):
    if with_portrait:
        type(jessica).objects.filter(pk=jessica.pk).update(
            portrait=make_image(title="Jessica")
        )

    with django_assert_max_num_queries(12):
        response = client.get(jessica.get_absolute_url())

    assert response.status_code == 200


def test_revisions_of_a_page_hold_its_picture_by_id():
    image = make_image(title="Kept by id")
    character = make_character(title="Malcolm", portrait=image)

    revision = services.record_revision(page=character)

    assert Revision.objects.get(pk=revision.pk).data["portrait"] == image.pk


def test_a_revision_made_before_pictures_were_revised_reads_as_without_them(
    contributor, jessica
):
    old = dict(jessica.current_revision.data)
    del old["portrait"], old["gallery"]
    Revision.objects.filter(pk=jessica.current_revision_id).update(data=old)
    jessica.refresh_from_db()

    unchanged = services.revise_page(
        page=jessica,
        author=contributor,
        changes={"body": jessica.body},
        base_revision=jessica.current_revision,
    )

    assert unchanged is None
    assert jessica.revisions.count() == 1
