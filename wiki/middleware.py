from django.shortcuts import redirect

from wiki.lookup import PageMoved


class PageMovedMiddleware:
    """Turns a PageMoved raised by any page view into a redirect to the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PageMoved):
            return redirect(exception.url)
        return None
