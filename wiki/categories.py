"""Keeping a page's categories in step with its text and its kind."""

from django.utils.text import slugify

from wiki.markup import category_names
from wiki.models import Category, PageCategory


def names_for(page) -> tuple[list[str], list[str]]:
    """(categories the page's text and field give, categories its kind gives)."""
    given = category_names(page.body) + [
        line.strip() for line in page.categories.splitlines() if line.strip()
    ]
    automatic = getattr(page, "automatic_categories", list)()
    return given, automatic


def refresh(page) -> None:
    given, automatic = names_for(page)
    wanted = {slugify(n): (n, False) for n in automatic if slugify(n)}
    wanted |= {slugify(n): (n, True) for n in given if 0 < len(slugify(n)) <= 200}
    categories = {c.slug: c for c in Category.objects.filter(slug__in=wanted)}
    for slug, (name, _) in wanted.items():
        if slug not in categories:
            categories[slug], _ = Category.objects.get_or_create(
                slug=slug, defaults={"name": name[:200]}
            )
    PageCategory.objects.filter(page_id=page.pk).exclude(
        category__slug__in=wanted
    ).delete()
    existing = set(
        PageCategory.objects.filter(page_id=page.pk).values_list(
            "category__slug", flat=True
        )
    )
    PageCategory.objects.bulk_create(
        PageCategory(
            page_id=page.pk, category=categories[slug], is_automatic=not explicit
        )
        for slug, (_, explicit) in wanted.items()
        if slug not in existing
    )
