"""
Addresses reversed once per process. Lists link to hundreds of pages and
every page's chrome to a dozen views; reversing each of those anew on every
request costs more than the rest of a cached page.
"""

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_MARK = "slug-mark-7f3a"  # a slug no page has, replaced in the URL template


def slug_url(url_name: str, slug: str) -> str:
    """The address of a view taking only a slug."""
    template = _reversed(url_name, SLUG_MARK, get_script_prefix(), get_urlconf())
    return template.replace(SLUG_MARK, slug)


def fixed_url(url_name: str) -> str:
    """The address of a view taking no arguments."""
    return _reversed(url_name, None, get_script_prefix(), get_urlconf())


@cache
def _reversed(url_name, slug, prefix, urlconf):
    return reverse(url_name, kwargs={"slug": slug} if slug else None)
