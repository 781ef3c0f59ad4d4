import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from multimedia.models import GalleryItem, Image, Video
from multimedia.services import upload_image
from tests.factories import make_character, make_revised_page, make_user
from wiki.markup import render_markdown

pytestmark = pytest.mark.django_db


def _png(size=(1600, 900), name="picture.png"):
    out = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return (
        sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def _image(title="Jessica at the office", **fields):
    return upload_image(
        upload=_png(**fields), title=title, alt_text="Jessica at her desk"
    )


@pytest.fixture
def contributor(client):
    user = make_user(username="uploader")
    client.force_login(user)
    return user


def test_a_contributor_uploads_an_image_page(client, contributor, settings):
    response = client.post(
        "/upload/",
        {"file": _png(), "title": "Alias office", "alt_text": "A cluttered office",
         "caption": "Where Jessica works", "credit": "Photo by a fan, CC BY-SA"},
    )  # fmt: skip

    assert response.status_code == 302
    image = Image.objects.get(slug="alias-office")
    assert (image.width, image.height) == (1600, 900)
    assert set(image.thumbnails) == {"320", "640", "1280"}
    assert image.current_revision.author == contributor
    assert image.file.name.startswith("images/") and image.file.name.endswith(".png")
    assert len(_stored_files(settings)) == 4

    html = client.get(response["Location"]).text
    assert 'srcset="/media/thumbs/' in html and " 320w" in html and " 1600w" in html
    assert 'width="1600" height="900"' in html and 'loading="lazy"' in html
    assert 'alt="A cluttered office"' in html
    assert "Photo by a fan, CC BY-SA" in html


def test_thumbnails_have_their_widths(settings):
    image = _image()

    for width, name in image.thumbnails.items():
        with PILImage.open(settings.MEDIA_ROOT / name) as thumbnail:
            assert thumbnail.width == int(width)
            assert thumbnail.format == "WEBP"


def test_a_refused_upload_says_why_and_leaves_nothing(client, contributor, settings):
    fake = SimpleUploadedFile("evil.png", b"<html>not a picture</html>", "image/png")

    response = client.post("/upload/", {"file": fake, "title": "Evil", "alt_text": "x"})

    assert response.status_code == 400
    assert "This is not a JPEG, PNG, WebP or GIF image." in response.text
    assert 'value="Evil"' in response.text
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


def test_a_failure_after_storing_removes_the_files(settings, monkeypatch):
    from wiki import services

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("multimedia.services.record_revision", broken)
    with pytest.raises(RuntimeError):
        _image()

    assert not Image.objects.exists()
    assert _stored_files(settings) == []
    assert services  # the real service is untouched


def test_alt_text_is_required(client, contributor):
    response = client.post("/upload/", {"file": _png(), "title": "No alt"})

    assert response.status_code == 400
    assert not Image.objects.exists()


def test_visitors_are_asked_to_log_in(client, db):
    assert client.get("/upload/")["Location"].startswith("/accounts/login/")


def test_file_syntax_shows_a_figure_with_its_caption(db):
    _image(title="Jessica at the office")

    html = render_markdown(
        "[[File:Jessica at the office|thumb|At work]] and [[File:Nope]]"
    )

    assert (
        '<figure class="wiki-file wiki-file--thumb wiki-file--right">'
        '<a href="/files/jessica-at-the-office/">'
    ) in html
    assert "<figcaption>At work</figcaption>" in html
    assert 'sizes="' in html and 'loading="lazy"' in html
    assert 'class="wikilink-new"' in html and "File:Nope" in html


def test_files_in_a_text_resolve_in_one_query(db, django_assert_num_queries):
    for n in range(5):
        _image(title=f"Still {n}", size=(300, 200))
    text = " ".join(f"[[File:Still {n}]]" for n in range(5))

    with django_assert_num_queries(1):
        assert render_markdown(text).count('class="wiki-file__image"') == 5


def test_used_on_lists_texts_galleries_and_infoboxes(client):
    image = _image(title="Portrait of Trish")
    make_revised_page(title="Radio show", body="[[File:Portrait of Trish]]")
    make_character(title="Trish Walker", portrait=image)
    GalleryItem.objects.create(
        page=make_revised_page(title="Gallery page"), image=image
    )

    html = client.get(image.get_absolute_url()).text

    for title in ("Radio show", "Trish Walker", "Gallery page"):
        assert title in html


def test_a_character_infobox_shows_the_portrait(client):
    image = _image(title="Portrait of Trish")
    character = make_character(title="Trish Walker", portrait=image)

    html = client.get(character.get_absolute_url()).text

    assert 'alt="Jessica at her desk"' in html
    assert 'class="wiki-file__image"' in html


def test_a_gallery_costs_the_same_queries_for_many_images(
    client, django_assert_max_num_queries
):
    page = make_revised_page(title="Photos")
    for n in range(30):
        GalleryItem.objects.create(
            page=page, image=_image(title=f"Photo {n}", size=(200, 100)), order=n
        )

    with django_assert_max_num_queries(6):
        html = client.get(page.get_absolute_url()).text

    assert html.count('class="wiki-file"') == 30


def test_pages_with_their_fragments_cached_read_no_media(
    client, settings, django_assert_max_num_queries
):
    settings.WIKI_FRAGMENT_CACHE = "default"
    page = make_revised_page(title="Plain")
    character = make_character(title="Plain Character")

    for url in (page.get_absolute_url(), character.get_absolute_url()):
        client.get(url)
        with django_assert_max_num_queries(1) as captured:
            assert client.get(url).status_code == 200
        sql = " ".join(q["sql"] for q in captured.captured_queries)
        # The gallery and the videos came with the page's fragments.
        assert "multimedia_" not in sql


def test_a_video_loads_nothing_until_played(client):
    page = make_revised_page(title="Trailers")
    Video.objects.create(page=page, title="Season 2 trailer", site="youtube",
                         video_id="abc123XYZ")  # fmt: skip

    response = client.get(page.get_absolute_url())

    html = response.text
    assert 'href="https://www.youtube.com/watch?v=abc123XYZ"' in html
    assert (
        'data-embed="https://www.youtube-nocookie.com/embed/abc123XYZ?autoplay=1"'
        in html
    )
    assert "<iframe" not in html
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_the_seed_featurette_waits_for_an_address(client, seeded):
    video = Video.objects.get(kind="featurette")
    assert not video.is_linked

    html = client.get(video.page.get_absolute_url()).text

    assert video.title in html and "Not linked yet" in html


def test_the_admin_refuses_a_disguised_file(admin_client, settings):
    fake = SimpleUploadedFile("cat.jpg", b"GIF89a not really", "image/jpeg")

    response = admin_client.post(
        "/admin/multimedia/image/add/",
        {"title": "Cat", "slug": "cat", "file": fake, "alt_text": "A cat",
         "body": "", "sources": "", "categories": "",
         "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
         "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Upload a valid image" in response.text  # Django's check comes first
    assert not Image.objects.exists()


def test_the_admin_stores_a_checked_image_with_thumbnails(admin_client, settings):
    response = admin_client.post(
        "/admin/multimedia/image/add/",
        {"title": "Poster", "slug": "poster", "file": _png(), "alt_text": "A poster",
         "body": "", "sources": "", "categories": "",
         "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
         "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 302, response.context["errors"]
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert len(image.thumbnails) == 3
    assert image.current_revision is not None


def _failing_storage(monkeypatch, failing_call):
    """Storage whose `failing_call`-th save fails as a full disk does."""
    from django.core.files.storage import default_storage

    real_save, calls = default_storage.save, []

    def save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", save)


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("failing_call", [1, 2, 3], ids=["original", "thumb", "thumb2"])
def test_an_upload_the_storage_refuses_says_so_and_leaves_nothing(
    client, contributor, settings, monkeypatch, failing_call
):
    _failing_storage(monkeypatch, failing_call)

    response = client.post(
        "/upload/", {"file": _png(), "title": "Alias office", "alt_text": "An office"}
    )

    assert response.status_code == 400
    assert "could not be stored" in response.text
    assert 'value="Alias office"' in response.text
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


def test_the_admin_says_when_the_storage_refuses_an_image(
    admin_client, settings, monkeypatch
):
    _failing_storage(monkeypatch, 2)

    response = admin_client.post(
        "/admin/multimedia/image/add/",
        {"title": "Poster", "slug": "poster", "file": _png(), "alt_text": "A poster",
         "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
         "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "could not be stored" in response.text
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


ADMIN_IMAGE = {
    "alt_text": "A poster",
    "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
    "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0",
}  # fmt: skip


@pytest.mark.parametrize(
    "refused",
    [
        # The address's uniqueness is checked after the file is stored.
        {"title": "Poster two", "slug": "taken"},
        # An inline is checked after the image's own form.
        {"title": "Poster", "slug": "poster", "videos-TOTAL_FORMS": "1",
         "videos-0-title": "Trailer", "videos-0-url": "not an address"},
    ],
    ids=["taken-address", "bad-inline"],
)  # fmt: skip
def test_an_image_the_admin_refuses_after_storing_it_leaves_no_file(
    admin_client, settings, refused
):
    make_revised_page(title="Taken", slug="taken")

    response = admin_client.post(
        "/admin/multimedia/image/add/", ADMIN_IMAGE | {"file": _png()} | refused
    )

    assert response.status_code == 200
    assert response.context["errors"]
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


def test_an_editor_deletes_and_undeletes_a_file(client, settings):
    image = _image(title="Portrait of Trish")
    character = make_character(title="Trish Walker", portrait=image)
    gallery = make_revised_page(title="Gallery page")
    GalleryItem.objects.create(page=gallery, image=image)
    text = make_revised_page(title="Radio show", body="[[File:Portrait of Trish]]")
    client.force_login(make_user(username="editor", role="Editors"))
    assert "Delete" in client.get(image.get_absolute_url()).text
    assert "wiki-file__image" in client.get(gallery.get_absolute_url()).text

    response = client.post(
        "/wiki/portrait-of-trish/delete/", {"common_reason": "Copyright violation"}
    )

    assert response.status_code == 302
    gone = client.get(image.get_absolute_url())
    assert gone.status_code == 410
    assert "This image has been deleted." in gone.text
    assert "Copyright violation" in gone.text
    assert len(_stored_files(settings)) == 4  # kept for undeletion
    # Embeds show a missing file; infoboxes and galleries leave it out.
    html = client.get(text.get_absolute_url()).text
    assert 'class="wikilink-new"' in html and "wiki-file__image" not in html
    assert (
        'class="wiki-file__image"' not in client.get(character.get_absolute_url()).text
    )
    assert "wiki-file__image" not in client.get(gallery.get_absolute_url()).text

    back = client.post("/wiki/portrait-of-trish/undelete/", {"reason": "Licensed"})

    assert back.status_code == 302
    assert client.get(image.get_absolute_url()).status_code == 200
    assert "wiki-file__image" in client.get(text.get_absolute_url()).text
    assert 'class="wiki-file__image"' in client.get(character.get_absolute_url()).text


def test_a_contributor_may_not_delete_a_file(client, contributor):
    image = _image(title="Portrait of Trish")

    assert "/delete/" not in client.get(image.get_absolute_url()).text
    response = client.post("/wiki/portrait-of-trish/delete/", {"reason": "mine"})

    assert response.status_code == 403
    assert client.get(image.get_absolute_url()).status_code == 200
