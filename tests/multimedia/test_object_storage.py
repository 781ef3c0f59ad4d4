"""
Uploads in an S3-compatible object store: an S3 server (moto's) runs in the
test's own process on localhost, and the site is configured for it as
production would be, from the environment, through wiki/settings.py.
"""

import json
import re
import runpy
import socket
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from multimedia.models import Image
from multimedia.validation import clean_image
from tests.factories import make_user
from tests.html_forms import form_data
from tests.multimedia.images import make_image, png

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).resolve().parents[2] / "wiki" / "settings.py"
# What the tests below set, and nothing of the machine's own.
MEDIA_VARIABLES = (
    "MEDIA_STORAGE", "MEDIA_URL", "SERVE_MEDIA", "S3_BUCKET", "S3_REGION",
    "S3_ENDPOINT_URL", "S3_CUSTOM_DOMAIN", "S3_OPTIONS",
)  # fmt: skip
REGION = "eu-west-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server on a free port of localhost, for this module's tests."""
    with pytest.MonkeyPatch.context() as patch:
        # Credentials of its own, so that boto3 never looks further (a
        # profile, the cloud's metadata service) for any.
        patch.setenv("AWS_ACCESS_KEY_ID", "wiki-test")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "wiki-test-secret")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
        server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)


@pytest.fixture
def bucket(s3_client):
    name = f"wiki-media-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    # Readers fetch pictures straight from the store (the README's policy).
    s3_client.put_bucket_policy(Bucket=name, Policy=json.dumps(_public_read(name)))
    return name


def _public_read(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadOfMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def _settings_from(monkeypatch, **environment):
    """The site's settings as the environment makes them in production."""
    monkeypatch.setenv("RELEASE", "test")
    for name in MEDIA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS)


def _use_s3(settings, monkeypatch, endpoint, bucket):
    """Point the test's site at the store, with what the settings derive
    from the environment: the storage, the media address, the CSP."""
    production = _settings_from(
        monkeypatch,
        MEDIA_STORAGE="s3",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=endpoint,
        S3_REGION=REGION,
    )
    # Setting these resets Django's storages (the setting_changed signal).
    settings.STORAGES = settings.STORAGES | {
        "default": production["STORAGES"]["default"]
    }
    settings.MEDIA_URL = production["MEDIA_URL"]
    settings.SECURE_CSP = production["SECURE_CSP"]
    return production


@pytest.fixture
def s3_site(settings, monkeypatch, s3_endpoint, bucket):
    _use_s3(settings, monkeypatch, s3_endpoint, bucket)
    return f"{s3_endpoint}/{bucket}/"


@pytest.fixture
def contributor(client):
    user = make_user(username="uploader")
    client.force_login(user)
    return user


def _keys(s3_client, bucket):
    listed = s3_client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def _upload(client, *, title="Alias office", size=(1600, 900)):
    return client.post(
        "/upload/",
        {"file": png(size=size), "title": title, "alt_text": "A cluttered office",
         "caption": "Where Jessica works"},
    )  # fmt: skip


def _count_requests_to_the_store(monkeypatch):
    asked = []
    for name in ("connection", "unsigned_connection"):
        real = getattr(S3Storage, name)

        def connect(storage, real=real, name=name):
            asked.append(name)
            return real.fget(storage)

        monkeypatch.setattr(S3Storage, name, property(connect))
    return asked


def _fetch(url):
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (localhost)
        return answer.read()


def test_an_upload_is_stored_in_the_bucket_and_shown_from_it(
    client, contributor, monkeypatch, s3_client, bucket, s3_site
):
    response = _upload(client)

    assert response.status_code == 302
    image = Image.objects.get(slug="alias-office")
    assert (image.width, image.height) == (1600, 900)
    stored = s3_client.get_object(Bucket=bucket, Key=image.file.name)
    expected, _, _ = clean_image(png())
    assert stored["Body"].read() == expected.read()
    assert stored["ContentType"] == "image/png"
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"
    assert _keys(s3_client, bucket) == sorted(
        [image.file.name, *image.thumbnails.values()]
    )

    asked = _count_requests_to_the_store(monkeypatch)
    page = client.get(response["Location"])

    assert page.status_code == 200
    assert asked == []  # sizes and addresses come from the database
    sources = re.findall(r'<img class="wiki-file__image" src="([^"]+)"', page.text)
    assert sources and all(source.startswith(s3_site) for source in sources)
    assert f'{s3_site}{image.file.name} 1600w"' in page.text
    # The address in the page is the public one: the browser gets the picture.
    shown = s3_client.get_object(Bucket=bucket, Key=sources[0].removeprefix(s3_site))
    assert _fetch(sources[0]) == shown["Body"].read()
    csp = page.headers["Content-Security-Policy"]
    img_src = next(d for d in csp.split("; ") if d.startswith("img-src "))
    assert img_src == f"img-src 'self' data: {s3_site.removesuffix(f'/{bucket}/')}"


def test_a_deleted_file_keeps_its_objects_and_comes_back(
    client, s3_client, bucket, s3_site
):
    make_image(title="Alias office")
    stored = _keys(s3_client, bucket)
    client.force_login(make_user(username="editor", role="Editors"))

    deleted = client.post("/wiki/alias-office/delete/", {"reason": "Copyright"})

    assert deleted.status_code == 302
    assert client.get("/files/alias-office/").status_code == 410
    assert _keys(s3_client, bucket) == stored  # kept for undeletion
    back = client.post("/wiki/alias-office/undelete/", {"reason": "Licensed"})
    assert back.status_code == 302
    page = client.get("/files/alias-office/")
    assert page.status_code == 200 and f'src="{s3_site}' in page.text


def test_the_admin_replaces_a_file_and_reads_its_size(
    admin_client, s3_client, bucket, s3_site
):
    image = make_image(title="Alias office")
    old = _keys(s3_client, bucket)
    url = reverse("admin:multimedia_image_change", args=[image.pk])
    data = form_data(admin_client.get(url).text, "image_form")

    response = admin_client.post(
        url, data | {"file": png(size=(800, 600), colour="navy"), "_save": "Save"}
    )

    assert response.status_code == 302, response.context["errors"]
    image.refresh_from_db()
    assert (image.width, image.height) == (800, 600)
    assert set(image.thumbnails) == {"320", "640"}
    new = [image.file.name, *image.thumbnails.values()]
    assert set(_keys(s3_client, bucket)) == set(old) | set(new)
    expected, _, _ = clean_image(png(size=(800, 600), colour="navy"))
    body = s3_client.get_object(Bucket=bucket, Key=image.file.name)["Body"].read()
    assert body == expected.read()
    page = admin_client.get(image.get_absolute_url()).text
    assert f"{s3_site}{image.file.name} 800w" in page


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_store_refuses_the_upload_and_keeps_nothing(
    client, contributor, settings, monkeypatch, bucket
):
    _use_s3(settings, monkeypatch, f"http://127.0.0.1:{_closed_port()}", bucket)

    response = _upload(client)

    assert response.status_code == 400
    assert "could not be stored" in response.text
    assert 'value="Alias office"' in response.text
    assert not Image.objects.exists()


def test_the_admin_says_when_the_store_cannot_be_reached(
    admin_client, settings, monkeypatch, bucket
):
    _use_s3(settings, monkeypatch, f"http://127.0.0.1:{_closed_port()}", bucket)

    response = admin_client.post(
        "/admin/multimedia/image/add/",
        {"title": "Poster", "slug": "poster", "file": png(), "alt_text": "A poster",
         "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
         "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "could not be stored" in response.text
    assert not Image.objects.exists()


def test_a_missing_bucket_refuses_the_upload_and_keeps_nothing(
    client, contributor, settings, monkeypatch, s3_endpoint, s3_client
):
    _use_s3(settings, monkeypatch, s3_endpoint, "no-such-bucket")

    response = _upload(client)

    assert response.status_code == 400
    assert "could not be stored" in response.text
    assert not Image.objects.exists()
    assert "no-such-bucket" not in [
        b["Name"] for b in s3_client.list_buckets()["Buckets"]
    ]


def test_a_store_failing_half_way_leaves_no_object_behind(
    client, contributor, monkeypatch, s3_client, bucket, s3_site
):
    real_save, calls = S3Storage._save, []

    def save(storage, name, content):
        calls.append(name)
        if len(calls) == 3:
            raise ClientError({"Error": {"Code": "SlowDown"}}, "PutObject")
        return real_save(storage, name, content)

    monkeypatch.setattr(S3Storage, "_save", save)

    response = _upload(client)

    assert response.status_code == 400
    assert "could not be stored" in response.text
    assert len(calls) == 3
    assert _keys(s3_client, bucket) == []
    assert not Image.objects.exists()


# What the environment makes of each kind of store, without reaching one.


def test_aws_media_are_read_from_the_buckets_own_host(monkeypatch):
    production = _settings_from(
        monkeypatch, MEDIA_STORAGE="s3", S3_BUCKET="wiki-media", S3_REGION=REGION
    )

    host = "https://wiki-media.s3.eu-west-1.amazonaws.com"
    assert production["MEDIA_URL"] == f"{host}/"
    assert host in production["SECURE_CSP"]["img-src"]
    assert production["SERVE_MEDIA"] is False
    assert _url_of(production, "images/a b.png") == f"{host}/images/a%20b.png"


def test_a_custom_domain_serves_the_media_of_any_store(monkeypatch):
    production = _settings_from(
        monkeypatch,
        MEDIA_STORAGE="s3",
        S3_BUCKET="wiki-media",
        S3_REGION="auto",
        S3_ENDPOINT_URL="https://account.r2.cloudflarestorage.com",
        S3_CUSTOM_DOMAIN="media.example.org",
        SERVE_MEDIA="true",
    )

    assert production["MEDIA_URL"] == "https://media.example.org/"
    assert production["SECURE_CSP"]["img-src"][-1] == "https://media.example.org"
    assert production["SERVE_MEDIA"] is False  # never the local disk's
    options = production["STORAGES"]["default"]["OPTIONS"]
    assert options["querystring_auth"] is False
    assert (
        _url_of(production, "images/a.png") == "https://media.example.org/images/a.png"
    )


def test_local_media_allow_no_other_host_unless_served_from_one(monkeypatch):
    local = _settings_from(monkeypatch)
    elsewhere = _settings_from(monkeypatch, MEDIA_URL="https://cdn.example.org/media/")

    assert local["SECURE_CSP"]["img-src"] == ["'self'", "data:"]
    assert local["SERVE_MEDIA"] is True
    assert elsewhere["SECURE_CSP"]["img-src"][-1] == "https://cdn.example.org"


@pytest.mark.parametrize(
    "environment",
    [{"MEDIA_STORAGE": "s3"}, {"MEDIA_STORAGE": "ftp"}],
    ids=["no-bucket", "unknown-store"],
)
def test_a_store_set_up_wrong_stops_the_site_from_starting(monkeypatch, environment):
    with pytest.raises(ImproperlyConfigured):
        _settings_from(monkeypatch, **environment)


def _url_of(production, name):
    return S3Storage(**production["STORAGES"]["default"]["OPTIONS"]).url(name)
