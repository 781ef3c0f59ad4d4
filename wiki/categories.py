"""Keeping a page's categories in step with its text and its kind."""

from django.utils.text import slugify

from wiki import storytime
from wiki.markup import category_names
from wiki.models import Category, PageCategory


def names_for(page) -> tuple[list[tuple[str, int]], list[str]]:
    """((name, reveal) the page's text and field give, names its kind gives).
    A category from a reveal block or a tagged line (`S2E6: Name`) is
    revealed with it; none is revealed before the page's own text."""
    lines = [(name, reveal) for reveal, name in storytime.timeline(page.categories)]
    given = category_names(page.body) + lines
    given = [(name, max(reveal, page.reveals_at)) for name, reveal in given]
    automatic = getattr(page, "automatic_categories", list)()
    return given, automatic


def refresh(page) -> None:
    given, automatic = names_for(page)
    wanted = {slugify(n): (n, False, page.revealed_in) for n in automatic if slugify(n)}
    for name, reveal in given:
        slug = slugify(name)
        if 0 < len(slug) <= 200:
            earlier = wanted.get(slug, (name, True, reveal))[2]
            wanted[slug] = (name, True, min(reveal, earlier))
    categories = {c.slug: c for c in Category.objects.filter(slug__in=wanted)}
    for slug, (name, _, _) in wanted.items():
        if slug not in categories:
            categories[slug], _ = Category.objects.get_or_create(
                slug=slug, defaults={"name": name[:200]}
            )
    PageCategory.objects.filter(page_id=page.pk).exclude(
        category__slug__in=wanted
    ).delete()
    existing = {
        link.category.slug: link
        for link in PageCategory.objects.filter(page_id=page.pk).select_related(
            "category"
        )
    }
    changed = []
    for slug, (_, explicit, reveal) in wanted.items():
        link = existing.get(slug)
        if link and (link.revealed_in, link.is_automatic) != (reveal, not explicit):
            link.revealed_in, link.is_automatic = reveal, not explicit
            changed.append(link)
    PageCategory.objects.bulk_update(changed, ["revealed_in", "is_automatic"])
    PageCategory.objects.bulk_create(
        PageCategory(
            page_id=page.pk,
            category=categories[slug],
            is_automatic=not explicit,
            revealed_in=reveal,
        )
        for slug, (_, explicit, reveal) in wanted.items()
        if slug not in existing
    )
