"""System checks of the wiki: of its deployment (`manage.py check --deploy`)
and of how apps plug into it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from wiki import admin_input, kinds


@checks.register(checks.Tags.caches, deploy=True)
def rendered_pages_are_shared(app_configs, **kwargs):
    """Cached pages and fragments are made stale through the cache itself, so
    every process must share it."""
    aliases = {settings.WIKI_PAGE_CACHE, settings.WIKI_FRAGMENT_CACHE} - {None}
    return [
        checks.Warning(
            f"The cache '{alias}' keeps rendered pages in each process's own "
            "memory: an edit through one app server or worker is not seen by "
            "the others.",
            hint="Set CACHE_URL to a cache every process shares, such as Redis.",
            id="wiki.W001",
        )
        for alias in sorted(aliases)
        if isinstance(caches[alias], LocMemCache)
    ]


@checks.register(checks.Tags.security, deploy=True)
def proxy_addresses_are_trusted_with_its_protocol(app_configs, **kwargs):
    """Behind a proxy, rate limits must count the readers' addresses, not the
    proxy's, or one abuser locks everyone out."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUST_X_FORWARDED_FOR:
        return [
            checks.Warning(
                "A proxy is trusted with the protocol (TRUST_X_FORWARDED_PROTO) "
                "but not with readers' addresses: every log-in, sign-up and edit "
                "is counted against the proxy's own address.",
                hint="Set TRUST_X_FORWARDED_FOR=true when a proxy that sets "
                "X-Forwarded-For is always in front.",
                id="wiki.W002",
            )
        ]
    return []


# Addresses links may not lead to (refused here, never bound to).
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104


@checks.register(deploy=True)
def links_in_email_lead_to_the_site(app_configs, **kwargs):
    """E-mail is written by the task worker, outside any request: its links
    can only lead where SITE_URL says."""
    parts = urlsplit(settings.SITE_URL)
    host = (parts.hostname or "").lower()
    if (
        parts.scheme in ("http", "https")
        and host not in LOCAL_HOSTS
        and not host.endswith(".localhost")
    ):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mail (notifications, "
            "digests, address confirmations, password resets) would lead there.",
            hint="Set SITE_URL to the site's public address, such as "
            "https://wiki.example.org.",
            id="wiki.W003",
        )
    ]


@checks.register()
def extended_kinds_exist(app_configs, **kwargs):
    """An app that extends a kind no app registered extends nothing: say so."""
    return [
        checks.Error(
            f"An app extends the kind '{name}', which no app registers.",
            hint="Check the name given to wiki.kinds.extend(), and that the app "
            "registering the kind is installed.",
            id="wiki.E001",
        )
        for name in sorted(kinds.extended_names() - kinds.names())
    ]


@checks.register(checks.Tags.admin)
def admins_take_any_input(app_configs, **kwargs):
    return admin_input.check_admins(admin.site)
