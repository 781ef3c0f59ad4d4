"""A page's gallery set on the site: each picture added or removed is an edit
of the page, in its history and diffs, and restored with it."""

import pytest

from multimedia.models import GalleryItem, Image
from multimedia.services import add_to_gallery
from tests.factories import make_episode, make_revised_page, make_season, make_user
from tests.html_forms import form_data
from tests.multimedia.images import make_image, png
from wiki import services
from wiki.models import Block
from wiki.storytime import position

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_user(username="jess")
    client.force_login(user)
    return user


@pytest.fixture
def page():
    return make_revised_page(title="Alias Investigations", slug="alias-investigations")


def _add(client, page, **data):
    return client.post(f"/wiki/{page.slug}/gallery/", data)


def _remove(client, page, image):
    return client.post(f"/wiki/{page.slug}/gallery/remove/", {"image": image.pk})


def _captions(page):
    return list(
        GalleryItem.objects.filter(page=page).values_list("image__title", "caption")
    )


def test_a_contributor_adds_an_image_with_a_caption(client, contributor, page):
    make_image(title="The office door")

    response = _add(client, page, image="The office door", caption="Frosted glass")

    assert response.status_code == 302
    assert response["Location"] == f"{page.get_absolute_url()}#gallery-heading"
    assert _captions(page) == [("The office door", "Frosted glass")]
    page.refresh_from_db()
    revision = page.current_revision
    assert revision.author == contributor
    assert revision.summary == "Added to the gallery: The office door"
    assert revision.data["gallery"][0]["line"] == "The office door: Frosted glass"
    html = client.get(page.get_absolute_url()).text
    assert "<figcaption>Frosted glass</figcaption>" in html
    assert "Add or remove pictures" in html
    diff = client.get(f"/wiki/{page.slug}/diff/?from=1&to=2").text
    assert "<h2>Gallery</h2>" in diff and "The office door: Frosted glass" in diff


def test_a_new_image_is_uploaded_into_the_gallery(client, contributor, page):
    response = _add(
        client,
        page,
        file=png(),
        title="The office at night",
        alt_text="The office, lit by a street lamp",
    )

    assert response.status_code == 302
    assert _captions(page) == [("The office at night", "")]
    assert Image.objects.get().current_revision.author == contributor


def test_pictures_keep_the_order_they_were_added_in(client, contributor, page):
    for title in ("First", "Second", "Third"):
        make_image(title=title, size=(60, 40))
        _add(client, page, image=title)

    assert [title for title, _ in _captions(page)] == ["First", "Second", "Third"]
    assert page.revisions.count() == 4


def test_an_image_already_in_the_gallery_is_refused(client, contributor, page):
    make_image(title="The office door")
    _add(client, page, image="The office door")

    response = _add(client, page, image="The office door", caption="Again")

    assert response.status_code == 400
    assert "“The office door” is already in the gallery." in response.text
    assert 'value="Again"' in response.text


def test_removing_a_picture_is_an_edit_that_a_restore_undoes(client, contributor, page):
    image = make_image(title="The office door")
    _add(client, page, image="The office door", caption="Frosted glass")

    response = _remove(client, page, image)

    assert response.status_code == 302
    assert response["Location"] == f"/wiki/{page.slug}/gallery/"
    assert _captions(page) == []
    page.refresh_from_db()
    assert page.current_revision.summary == "Removed from the gallery: The office door"
    shown = client.get(f"/wiki/{page.slug}/history/2/restore/")
    assert "The office door: Frosted glass" in shown.text
    client.post(
        f"/wiki/{page.slug}/history/2/restore/", form_data(shown.text, "edit-form")
    )
    assert _captions(page) == [("The office door", "Frosted glass")]


def test_removing_a_picture_already_removed_says_so(client, contributor, page):
    image = make_image(title="The office door")
    _add(client, page, image="The office door")
    _remove(client, page, image)

    response = client.post(
        f"/wiki/{page.slug}/gallery/remove/", {"image": image.pk}, follow=True
    )

    assert "“The office door” was no longer in the gallery." in response.text
    assert page.revisions.count() == 3


def test_two_contributors_adding_at_once_both_keep_their_picture(
    client, contributor, page
):
    make_image(title="Door")
    other = make_image(title="Window")
    add_to_gallery(page=page, image=other, caption="", author=make_user(username="t"))

    _add(client, page, image="Door")

    assert {title for title, _ in _captions(page)} == {"Door", "Window"}


def test_visitors_are_asked_to_log_in(client, page):
    image = make_image(title="The office door")

    assert client.get(f"/wiki/{page.slug}/gallery/")["Location"].startswith(
        "/accounts/login/"
    )
    assert _remove(client, page, image)["Location"].startswith("/accounts/login/")


def test_blocked_contributors_may_neither_add_nor_remove(client, contributor, page):
    image = make_image(title="The office door")
    add_to_gallery(page=page, image=image, caption="", author=None)
    Block.objects.create(user=contributor, reason="Vandalism")

    added = _add(client, page, image="The office door", caption="Mine")
    removed = _remove(client, page, image)

    assert added.status_code == 403 and "Your account is blocked" in added.text
    assert 'value="Mine"' in added.text
    assert removed.status_code == 403
    assert _captions(page) == [("The office door", "")]


def test_a_protected_page_keeps_its_gallery(client, contributor, page):
    image = make_image(title="The office door")
    add_to_gallery(page=page, image=image, caption="", author=None)
    services.set_protection(page=page, author=None, level="editors")

    assert _remove(client, page, image).status_code == 403
    assert _captions(page) == [("The office door", "")]


def test_readers_see_only_pictures_they_have_reached(client, db):
    episode = make_episode(season=make_season(number=1), number=2)
    services.record_revision(page=episode)
    early = make_image(title="Early", size=(60, 40))
    late = make_image(title="Late", size=(60, 40), revealed_in=position(1, 9))
    for image in (early, late):
        add_to_gallery(page=episode, image=image, caption=image.title, author=None)

    before = client.get(episode.get_absolute_url(), {"progress": "S1E1"}).text
    reached = client.get(episode.get_absolute_url(), {"progress": "S1E2"}).text
    everything = client.get(episode.get_absolute_url()).text

    assert "<figcaption>Early" not in before  # the episode's own pictures wait
    assert "2 more pictures from later episodes are hidden." in before
    assert "<figcaption>Early</figcaption>" in reached
    assert "<figcaption>Late" not in reached
    assert "1 more picture from later episodes is hidden." in reached
    assert "<figcaption>Late</figcaption>" in everything


def test_an_empty_gallery_shows_readers_nothing_and_contributors_a_start(client, page):
    assert "gallery-heading" not in client.get(page.get_absolute_url()).text

    client.force_login(make_user(username="jess"))
    html = client.get(page.get_absolute_url()).text

    assert "No pictures yet." in html and "Add the first picture" in html


def test_the_gallery_form_costs_the_same_for_many_pictures(
    client, contributor, page, django_assert_max_num_queries
):
    for n in range(25):
        image = make_image(title=f"Photo {n}", size=(60, 40))
        GalleryItem.objects.create(page=page, image=image, order=n)

    with django_assert_max_num_queries(10):
        response = client.get(f"/wiki/{page.slug}/gallery/")

    assert response.status_code == 200
    assert response.text.count('name="image" value=') == 25


def test_adding_costs_the_same_for_a_large_gallery(
    client, contributor, page, django_assert_max_num_queries
):
    for n in range(25):
        image = make_image(title=f"Photo {n}", size=(60, 40))
        GalleryItem.objects.create(page=page, image=image, order=n)
    make_image(title="One more", size=(60, 40))

    # The cost of any edit (revision, links, categories, search entry).
    with django_assert_max_num_queries(60):
        response = _add(client, page, image="One more")

    assert response.status_code == 302
    assert GalleryItem.objects.filter(page=page).count() == 26
