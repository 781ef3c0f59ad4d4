"""What a page contributes to search, built from its kind's text fields."""

from wiki import kinds
from wiki.markup import plain_text
from wiki.models import Redirect, SearchEntry


def refresh(page) -> SearchEntry:
    """Rebuild the page's search entry (the page must be its kind's model)."""
    from wiki.search import index

    kind = kinds.get(page.kind)
    texts = [plain_text(page.body)]
    aliases = list(
        Redirect.objects.filter(target_id=page.pk).values_list("title", flat=True)
    )
    for name in kind.edit_fields:
        value = getattr(page, name)
        if name == "aliases":
            aliases.append(value)
        elif isinstance(value, str) and not page._meta.get_field(name).choices:
            texts.append(value)
    entry, _ = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "title": page.title,
            "aliases": "\n".join(a for a in aliases if a),
            "text": "\n".join(t for t in texts if t),
        },
    )
    index(entry)
    return entry
