import string

from django.core.paginator import Paginator
from django.db.models.functions import Lower, Substr, Upper
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.text import slugify

from wiki import kinds
from wiki.lookup import get_page
from wiki.models import Page

LETTERS = list(string.ascii_uppercase)


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def page(request, slug):
    """An article, or a permanent address for a page of any kind."""
    try:
        found = get_page(Page.objects.all(), slug)
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
    return render(request, "wiki/page_detail.html", {"page": found})


def all_pages(request):
    pages = Page.objects.only("title", "slug", "kind").order_by(Lower("title"), "pk")
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
    query = " ".join(request.GET.get("q", "").split())[:200]
    results = Page.objects.none()
    exact = None
    if query:
        results = Page.objects.filter(title__icontains=query).only(
            "title", "slug", "kind"
        )
        exact = Page.objects.filter(slug=slugify(query)).first()
    page_obj = Paginator(results, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/search.html",
        {"query": query, "page_obj": page_obj, "exact": exact},
    )
