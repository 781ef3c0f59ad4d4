"""Responses compressed on the wire: which encoding, cached pages compressed
once, ETags and Vary per encoding, and BREACH kept out of personal pages."""

import gzip

import brotli
import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client

from tests.factories import make_revised_page, make_user
from wiki import compression, generations, safecache

BOTH = "gzip, deflate, br, zstd"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.WIKI_PAGE_CACHE = "default"


@pytest.fixture
def article(db):
    return make_revised_page(
        title="Hell's Kitchen", body="A neighbourhood of Manhattan. " * 40
    )


def _decoded(response) -> bytes:
    return DECODE[response.get("Content-Encoding")](response.content)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("BR", "br"),
        ("*", "br"),
        ("br;q=0, *", "gzip"),
        ("gzip;q=0, br;q=0", "identity"),
        ("identity", "identity"),
        ("identity, gzip;q=0.5", "identity"),
        ("*;q=0", "identity"),
        ("*;q=0, gzip", "gzip"),
        ("gzip;q=nonsense, br;q=0.1", "br"),
        ("deflate, zstd", "identity"),
        ("", "identity"),
    ],
)
def test_the_encoding_follows_the_clients_q_values(accept, chosen):
    assert compression.choose(accept) == chosen


def test_only_text_of_some_length_not_yet_encoded_is_compressed():
    text = "word " * 100
    encoded = HttpResponse(text, headers={"Content-Encoding": "br"})

    assert compression.compressible(HttpResponse(text))
    assert compression.compressible(
        HttpResponse(text, content_type="application/atom+xml; charset=utf-8")
    )
    assert compression.compressible(HttpResponse(text, content_type="image/svg+xml"))
    assert not compression.compressible(HttpResponse("word " * 10))
    assert not compression.compressible(HttpResponse(text, content_type="image/png"))
    assert not compression.compressible(StreamingHttpResponse([text]))
    assert not compression.compressible(encoded)


@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_a_cached_page_decodes_to_the_same_html_in_every_encoding(
    client, article, encoding
):
    url = article.get_absolute_url()
    plain = client.get(url)
    accept = {"br": "br, gzip", "gzip": "gzip", None: ""}[encoding]

    miss = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    hit = client.get(url, HTTP_ACCEPT_ENCODING=accept)

    assert plain["X-Page-Cache"] == "miss"
    assert hit["X-Page-Cache"] == "hit"
    for response in (miss, hit):
        assert response.get("Content-Encoding") == encoding
        assert response["Content-Length"] == str(len(response.content))
        assert _decoded(response) == plain.content
    assert b"A neighbourhood of Manhattan." in plain.content
    if encoding:
        assert len(hit.content) < len(plain.content) / 3


def test_a_hit_does_no_compression_work(client, article, monkeypatch):
    url = article.get_absolute_url()
    client.get(url)

    def refuse(*args, **kwargs):
        raise AssertionError("compressed on a hit")

    monkeypatch.setattr(compression.brotli, "compress", refuse)
    monkeypatch.setattr(compression.gzip, "compress", refuse)
    monkeypatch.setattr(compression, "compress_string", refuse)
    responses = {
        accept: client.get(url, HTTP_ACCEPT_ENCODING=accept)
        for accept in ("br", "gzip", "")
    }

    assert [r.get("Content-Encoding") for r in responses.values()] == [
        "br",
        "gzip",
        None,
    ]
    assert {r["X-Page-Cache"] for r in responses.values()} == {"hit"}


def test_the_miss_compresses_once_for_every_later_hit(client, article, monkeypatch):
    calls = []
    compress = compression.compress
    monkeypatch.setattr(
        compression,
        "compress",
        lambda content, encoding: calls.append(encoding) or compress(content, encoding),
    )

    for _ in range(3):
        client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING=BOTH)

    assert sorted(calls) == ["br", "gzip"]


@pytest.mark.parametrize("accept", [BOTH, ""])
def test_pages_vary_by_accept_encoding_and_cookie(client, article, accept):
    for _ in ("miss", "hit"):
        response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING=accept)
        vary = {name.strip() for name in response["Vary"].split(",")}
        assert {"Accept-Encoding", "Cookie"} <= vary


def test_each_encoding_has_its_own_etag_and_answers_304_for_it(client, article):
    url = article.get_absolute_url()
    etags = {
        accept: client.get(url, HTTP_ACCEPT_ENCODING=accept)["ETag"]
        for accept in ("br", "gzip", "")
    }
    br, zipped, plain = etags["br"], etags["gzip"], etags[""]

    assert len({br, zipped, plain}) == 3
    assert br == f'{plain[:-1]}-br"' and zipped == f'{plain[:-1]}-gzip"'
    same = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=br)
    assert same.status_code == 304
    assert same["ETag"] == br
    other = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=br)
    assert other.status_code == 200
    assert other["Content-Encoding"] == "gzip"
    assert client.get(url, HTTP_IF_NONE_MATCH=plain).status_code == 304


def test_a_head_request_has_the_headers_of_its_get(client, article):
    url = article.get_absolute_url()
    got = client.get(url, HTTP_ACCEPT_ENCODING="br")

    head = client.head(url, HTTP_ACCEPT_ENCODING="br")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Encoding"] == "br"
    assert head["Content-Length"] == got["Content-Length"]


def test_a_page_kept_while_the_database_is_down_is_served_compressed(client, article):
    url = article.get_absolute_url()
    plain = client.get(url)
    safecache.reset()
    cache = caches["default"]
    cache.set(generations.KEY, cache.get(generations.KEY) + 1, None)
    connection = connections["default"]

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    connection.cursor = refused
    try:
        stale = Client(raise_request_exception=False).get(
            url, HTTP_ACCEPT_ENCODING="gzip"
        )
    finally:
        vars(connection).pop("cursor", None)

    assert stale["X-Page-Cache"] == "stale"
    assert stale["Content-Encoding"] == "gzip"
    assert gzip.decompress(stale.content) == plain.content


def test_personal_pages_get_gzip_with_a_random_file_name_and_never_brotli(
    client, article
):
    client.force_login(make_user(username="jess"))
    url = article.get_absolute_url()

    responses = [client.get(url, HTTP_ACCEPT_ENCODING=BOTH) for _ in range(8)]

    for response in responses:
        assert response["Content-Encoding"] == "gzip"
        assert "private" in response["Cache-Control"]
        assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)
        # Heal the Breach: a file name of random length in the gzip header.
        assert response.content[3] & gzip.FNAME
        assert "Accept-Encoding" in response["Vary"]
    names = {response.content[10:].index(b"\0") for response in responses}
    assert len(names) > 1


def test_with_the_page_cache_off_pages_are_compressed_as_they_leave(
    client, article, settings
):
    settings.WIKI_PAGE_CACHE = None
    url = article.get_absolute_url()

    first = client.get(url, HTTP_ACCEPT_ENCODING=BOTH)
    again = client.get(url, HTTP_ACCEPT_ENCODING=BOTH, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Content-Encoding"] == "br"
    assert b"A neighbourhood of Manhattan." in brotli.decompress(first.content)
    assert first["ETag"].startswith('W/"')
    assert "Accept-Encoding" in first["Vary"]
    assert again.status_code == 304


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/api/openapi.json", "application/json"), ("/feeds/new/", "application/atom")],
)
def test_json_and_feeds_are_compressed(
    client, article, settings, cached, url, content_type
):
    if not cached:
        settings.WIKI_PAGE_CACHE = None
    plain = client.get(url)

    response = client.get(url, HTTP_ACCEPT_ENCODING=BOTH)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == plain.content


def test_tiny_responses_are_sent_as_they_are(client, db):
    response = client.get("/search/suggest/?q=zz", HTTP_ACCEPT_ENCODING=BOTH)

    assert response.status_code == 200
    assert len(response.content) < compression.MIN_LENGTH
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" not in response.get("Vary", "")
