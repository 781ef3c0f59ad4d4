"""What a page contributes to search: one entry for each stage of the story
at which something on the page is revealed."""

from django.db import transaction
from django.db.models import Q

from wiki import kinds, storytime
from wiki.fields import TimelineField
from wiki.markup import plain_text, reveal_points
from wiki.models import Redirect, SearchEntry
from wiki.search import backends


def page_reveal_points(page) -> set[int]:
    """Every position at which something on a page is revealed: blocks of its
    body, lines of its facts over story time, the page itself."""
    points = reveal_points(page.body)
    for field in page._meta.concrete_fields:
        if isinstance(field, TimelineField):
            points |= storytime.reveal_points(getattr(page, field.attname))
    if page.reveals_at:
        points.add(page.reveals_at)
    return points


def stages(page) -> list[tuple[int, int]]:
    """(from, until) position ranges over which the page reads the same."""
    points = sorted({storytime.NOTHING} | page_reveal_points(page))
    ends = [*points[1:], storytime.EVERYTHING + 1]
    return list(zip(points, ends, strict=True))


def document(page, pos: int, redirect_titles) -> tuple[list[str], list[str]]:
    """(aliases, texts) of a page as a reader at `pos` sees it."""
    kind = kinds.get(page.kind)
    reached = pos >= page.reveals_at
    texts = [plain_text(page.body, position=pos)] if reached else []
    aliases = list(redirect_titles)
    for name in kind.edit_fields:
        field = page._meta.get_field(name)
        value = getattr(page, name)
        if isinstance(field, TimelineField):
            # Earlier values stay findable: they are no spoiler once replaced.
            values = storytime.values_at(value, pos)
            if name == "aliases":
                aliases.extend(values)
            else:  # as readers read them: [[links]] by their text
                texts.extend(plain_text(v) for v in values)
        elif reached and isinstance(value, str) and not field.choices:
            texts.append(value)
    return aliases, _distinct(texts)


def _distinct(texts) -> list[str]:
    """Texts without one that another already holds (a description that is
    the body's first sentence), so that no snippet says a thing twice."""
    kept = []
    for text in sorted((t for t in texts if t), key=len, reverse=True):
        if not any(text in longer for longer in kept):
            kept.append(text)
    return sorted(kept, key=texts.index)


def build(page, redirect_titles=()) -> list[SearchEntry]:
    """The page's search entries, unsaved (the page must be its kind's model)."""
    entries = []
    for start, end in stages(page):
        if start < page.revealed_in:
            continue  # nobody who has not met its subject finds the page
        aliases, texts = document(page, start, redirect_titles)
        entries.append(
            SearchEntry(
                page_id=page.pk,
                story_series_id=page.story_series_id,
                visible_from=start,
                visible_until=end,
                title=page.title,
                aliases="\n".join(a for a in aliases if a),
                text="\n".join(t for t in texts if t),
            )
        )
    return entries


@transaction.atomic
def refresh(page) -> list[SearchEntry]:
    """Rebuild the page's search entries (the page must be its kind's model)."""
    redirect_titles = list(
        Redirect.objects.filter(target_id=page.pk).values_list("title", flat=True)
    )
    old = list(SearchEntry.objects.filter(page_id=page.pk).values_list("pk", flat=True))
    backends.unindex(old)
    SearchEntry.objects.filter(pk__in=old).delete()
    entries = SearchEntry.objects.bulk_create(build(page, redirect_titles))
    backends.index_many(entries)
    return entries


def visible_to(progress: storytime.Progress) -> Q:
    """The entries a reader sees: for each page, the stage they are at."""
    if progress.is_everything:
        return Q(visible_until__gt=storytime.EVERYTHING)

    def at(pos):
        return Q(visible_from__lte=pos, visible_until__gt=pos)

    chosen = [series_id for series_id, _ in progress.series]
    condition = Q(story_series_id__isnull=True) & at(progress.earliest)
    for series_id, pos in progress.series:
        condition |= Q(story_series_id=series_id) & at(pos)
    others = Q(story_series_id__isnull=False) & ~Q(story_series_id__in=chosen)
    return condition | (others & at(progress.default))
