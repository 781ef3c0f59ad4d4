import secrets
import string

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Length, Lower, Substr, Upper
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.static import serve

from wiki import kinds
from wiki import search as search_backend
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, kept_page
from wiki.models import Page

LETTERS = list(string.ascii_uppercase)
PER_PAGE = 20
SUGGESTIONS = 8


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def page(request, slug):
    """An article, or a permanent address for a page of any kind."""
    try:
        found = kept_page(
            request, Page.objects.only(*OWN_ROW, "article_type", "published_on"), slug
        )
    except Http404:
        title = request.GET.get("title", "").strip()[:200] or slug.replace("-", " ")
        return render(
            request,
            "wiki/page_missing.html",
            {"title": title[:1].upper() + title[1:], "slug": slug},
            status=404,
        )
    if found.kind != kinds.ARTICLE:
        query = request.GET.urlencode()
        return redirect(found.get_absolute_url() + (f"?{query}" if query else ""))
    return render(
        request,
        "wiki/page_detail.html",
        {
            "page": found,
            # The article in full, for its fragments.
            "details": deferred(lambda: {"page": Page.objects.get(pk=found.pk)}),
        },
    )


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /create/
Disallow: /search/
Disallow: /changes/
Disallow: /logs/
Disallow: /users/
Disallow: /wiki/*/edit/
Disallow: /wiki/*/history/
Disallow: /wiki/*/diff/
Disallow: /wiki/*/links/
Disallow: /wiki/*/delete/
Disallow: /wiki/*/undelete/
Disallow: /wiki/*/talk/
Disallow: /talk/
Sitemap: {sitemap}
"""


def media_file(request, path):
    """Uploaded files, for `make run`; production serves them elsewhere."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name no file system takes, such as one too long
        raise Http404(path) from None


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")


def random_page(request):
    """Any page, chosen at random (two queries whatever the size of the wiki)."""
    pages = Page.objects.revealed_to(request.progress)
    total = pages.count()
    if not total:
        return redirect("home")
    chosen = pages.order_by("pk")[secrets.randbelow(total)]
    return redirect(chosen)


def all_pages(request):
    pages = (
        Page.objects.revealed_to(request.progress)
        .only("title", "slug", "kind")
        .order_by(Lower("title"), "pk")
    )
    letter = request.GET.get("letter", "").upper()
    if letter in LETTERS:
        pages = pages.annotate(initial=Upper(Substr("title", 1, 1))).filter(
            initial=letter
        )
    elif letter == "#":
        pages = pages.annotate(initial=Upper(Substr("title", 1, 1))).exclude(
            initial__in=LETTERS
        )
    else:
        letter = ""
    page_obj = Paginator(pages, 200).get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/page_list.html",
        {"page_obj": page_obj, "letters": LETTERS, "letter": letter},
    )


def search(request):
    query = search_backend.normalise(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    if kind not in kinds.names():
        kind = ""
    number = request.GET.get("page", "1")
    number = int(number) if number.isdecimal() and 0 < int(number) < 10_000 else 1

    def found():
        results = search_backend.search(
            query,
            kind=kind,
            offset=(number - 1) * PER_PAGE,
            limit=PER_PAGE,
            progress=request.progress,
        )
        page_obj = Paginator(range(results.total), PER_PAGE).get_page(number)
        return {"results": results, "page_obj": page_obj}

    return render(
        request,
        "wiki/search.html",
        {
            "query": query,
            "kind": kind,
            "kinds": kinds.all_kinds(),
            "found": deferred(found),
        },
    )


def _alias_matching(title, aliases, query):
    """The alias that made a title match, when its title did not."""
    needle = query.lower()
    if title.lower().startswith(needle) or f" {needle}" in title.lower():
        return ""
    return next((a for a in aliases.splitlines() if a.lower().startswith(needle)), "")


def names(request, kind):
    """Titles of pages of a kind with a word starting with what was typed, for
    a field that names one (a credit's person or character); only pages the
    reader has reached."""
    if kind not in kinds.names():
        raise Http404("No such kind of page.")
    typed = request.GET.get("q", "").strip()[:100]
    found = []
    if typed:
        words = Q(title__istartswith=typed) | Q(title__icontains=f" {typed}")
        found = list(
            kinds.get(kind)
            .model.objects.revealed_to(request.progress)
            .filter(words)
            .order_by(Length("title"), "title")
            .values_list("title", flat=True)[:SUGGESTIONS]
        )
    return JsonResponse({"query": typed, "results": found})


def suggest(request):
    """Pages whose title, or an alias the reader has reached, starts with what
    they have typed, for the search box."""
    query = search_backend.normalise(request.GET.get("q", ""))[:100]
    found = []
    if query:
        rows = search_backend.titles_starting(
            query, progress=request.progress, limit=SUGGESTIONS
        )
        found = [
            {
                "title": title,
                "url": kinds.get(kind).url_for(slug),
                "kind": kinds.get(kind).label,
                "alias": _alias_matching(title, aliases, query),
            }
            for title, aliases, slug, kind in rows
        ]
    return JsonResponse({"query": query, "results": found})
