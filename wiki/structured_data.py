"""
What schema.org descriptions (JSON-LD) of pages share. Each kind registers the
builder of its own description, and apps extending a kind add properties to
it (wiki/kinds.py); builders read what the view has loaded and run no query.
"""

SCHEMA = "https://schema.org"


def page_url(request, page) -> str:
    return request.build_absolute_uri(page.get_absolute_url())


def reference(request, page, schema_type: str, **properties) -> dict:
    """A page as a property of another description: its type, name and URL."""
    return {
        "@type": schema_type,
        "name": page.title,
        "url": page_url(request, page),
    } | properties
