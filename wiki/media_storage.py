"""
Where uploads are kept when not on local disk: an S3-compatible object store
(AWS S3, Cloudflare R2, MinIO, Ceph…) through django-storages, the optional
`s3` dependency group. The settings call this, so it needs no app loaded.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# A stored name is random and never reused (multimedia/validation.py), so an
# object never changes: browsers and CDNs may keep it for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3(
    *, bucket, region="", endpoint_url="", custom_domain="", options=None
) -> tuple[dict, str]:
    """The storage for STORAGES["default"], and the address media are read
    from (MEDIA_URL).

    Objects are read through public, unsigned addresses built from the custom
    domain, the endpoint (path style) or the bucket's AWS host (virtual
    host): pages are cached whole for every reader, and a signed address
    would expire inside them. Building it costs no signing per image either.
    """
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
    try:
        from botocore.config import Config
    except ImportError:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages: pip install --group s3"
        ) from None
    if custom_domain:  # a host name, served over HTTPS (a CDN, R2's public host)
        protocol, host = "https:", custom_domain.removeprefix("https://").strip("/")
    elif endpoint_url:
        parts = urlsplit(endpoint_url)
        protocol, host = f"{parts.scheme}:", f"{parts.netloc}/{bucket}"
    else:
        region = region or "us-east-1"
        protocol, host = "https:", f"{bucket}.s3.{region}.amazonaws.com"
    config = Config(
        # Stores other than AWS name buckets in the path more often than in
        # the host (MinIO's default, no wildcard DNS needed).
        s3={"addressing_style": "path" if endpoint_url else "virtual"},
        # A store that cannot be reached, or stops answering, fails the
        # upload with a message well within a worker's 30 seconds.
        connect_timeout=3,
        read_timeout=10,
        retries={"mode": "standard", "max_attempts": 2},
    )
    storage_options = {
        "bucket_name": bucket,
        "region_name": region or None,
        "endpoint_url": endpoint_url or None,
        "custom_domain": host,
        "url_protocol": protocol,
        "querystring_auth": False,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
        "client_config": config,
    }
    storage_options.update(options or {})
    return {"BACKEND": S3_BACKEND, "OPTIONS": storage_options}, f"{protocol}//{host}/"


def origins(media_url: str) -> list[str]:
    """The media host for the CSP, when media are served from another origin
    than the site's: [] for a relative MEDIA_URL."""
    parts = urlsplit(media_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
