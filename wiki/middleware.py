from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from wiki import reading
from wiki.lookup import PageGone, PageMoved
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
