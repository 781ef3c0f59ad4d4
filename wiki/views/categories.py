from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from wiki.models import Category, Page, revealed_q


def _memberships(progress, path=""):
    """The memberships a reader has reached (a page joins a category where
    the story puts it there, never before the page itself)."""
    return revealed_q(
        progress, f"{path}revealed_in", f"{path}page__as_character__series"
    )


def category_list(request):
    seen = _memberships(request.progress, "memberships__")
    categories = (
        Category.objects.annotate(size=Count("memberships", filter=seen))
        .filter(size__gt=0)
        .order_by(Lower("name"))
    )
    page_obj = Paginator(categories, 200).get_page(request.GET.get("page"))
    return render(request, "wiki/category_list.html", {"page_obj": page_obj})


def category_detail(request, slug):
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        # The address in other letters (`Characters`) leads to the category.
        category = get_object_or_404(Category, slug=slugify(slug))
        return redirect(category)
    seen = _memberships(request.progress, "category_links__")
    members = (
        Page.objects.filter(Q(category_links__category=category) & seen)
        .only("title", "slug", "kind")
        .order_by(Lower("title"), "pk")
    )
    page_obj = Paginator(members, 200).get_page(request.GET.get("page"))
    if not page_obj.paginator.count and category.memberships.exists():
        # Its name may be a spoiler too: say only that it is further on.
        return render(request, "wiki/page_unrevealed.html", status=404)
    return render(
        request,
        "wiki/category_detail.html",
        {"category": category, "page_obj": page_obj},
    )
