from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from wiki.models import Category, Page


def category_list(request):
    categories = (
        Category.objects.annotate(size=Count("memberships"))
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
    members = (
        Page.objects.filter(category_links__category=category)
        .only("title", "slug", "kind")
        .order_by(Lower("title"), "pk")
    )
    page_obj = Paginator(members, 200).get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/category_detail.html",
        {"category": category, "page_obj": page_obj},
    )
