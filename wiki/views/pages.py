import string

from django.core.paginator import Paginator
from django.db.models.functions import Lower, Substr, Upper
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.text import slugify

from wiki import kinds
from wiki.models import Page

LETTERS = list(string.ascii_uppercase)


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def page(request, slug):
    """An article, or a permanent address for a page of any kind."""
    found = Page.objects.filter(slug=slug).first()
    if found is None:
        title = request.GET.get("title", "").strip()[:200] or slug.replace("-", " ")
        return render(
            request,
            "wiki/page_missing.html",
            {"title": title, "slug": slug},
            status=404,
        )
    if found.kind != kinds.ARTICLE:
        return redirect(found)
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
