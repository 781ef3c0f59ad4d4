from django.contrib.admin import sites
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from wiki import ratelimit, reading
from wiki.lookup import PageGone, PageMoved, PageUnrevealed
from wiki.permissions import block_refusal
from wiki.views.deletion import gone


class ProgressMiddleware:
    """Sets `request.progress`: how far the reader has watched. A response that
    read it varies by the cookie that holds it, so no cache between the reader
    and the site can hand one reader's page to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.progress = SimpleLazyObject(lambda: reading.progress_of(request))
        response = self.get_response(request)
        if request.progress._wrapped is not empty:
            patch_vary_headers(response, ["Cookie"])
        return response


class PageMovedMiddleware:
    """Turns a PageMoved raised by any page view into a redirect to the page,
    and a PageGone into the 410 page of a deletion."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PageMoved):
            # A form posted to another address of the page is sent on (307).
            keep = exception.same_method and request.method not in ("GET", "HEAD")
            return redirect(exception.url, preserve_request=keep)
        if isinstance(exception, PageGone):
            return gone(request, exception)
        if isinstance(exception, PageUnrevealed):
            return render(request, "wiki/page_unrevealed.html", status=404)
        return None


class RefuseNulMiddleware:
    """A NUL character in the address or its query string is never part of a
    real request, and no database column may hold one (PostgreSQL refuses
    them outright): answer 400 before any view reads it. Forms refuse NUL in
    what they are sent with a message, keeping the text (Django's fields)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.lists()
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in query
        ):
            raise BadRequest("A NUL character in the address.")
        return self.get_response(request)


class BlockedAdminMiddleware:
    """No write through the admin for a blocked account or address: any
    model, action, tool or app, those added later included, since the check
    is on the request rather than on each ModelAdmin. Reading stays open, and
    so do logging in and out and changing one's own password (as on the
    site). Superusers are never blocked (`wiki.moderation.blocks`).
    `wiki.admin.BlockedAdminMixin` shows the forms read-only besides."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
    OPEN_VIEWS = {"login", "logout", "password_change", "password_change_done"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method in self.SAFE_METHODS
            or "admin" not in match.app_names
            or match.url_name in self.OPEN_VIEWS
            or not request.user.is_authenticated
        ):
            return None
        refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
        if refusal is None:
            return None
        site = next(
            (site for site in sites.all_sites if site.name == match.namespace),
            sites.site,
        )
        context = site.each_context(request) | {
            "title": "You are blocked",
            "reason": refusal,
            "back": request.path,
        }
        return render(request, "admin/blocked.html", context, status=403)
