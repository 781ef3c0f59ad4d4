"""What views share in reading requests."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url) -> str | None:
    """`url` if it leads to a page of this site (an absolute path), else None:
    never off the site, and never a bare word a redirect would read as the
    name of a view."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return url
