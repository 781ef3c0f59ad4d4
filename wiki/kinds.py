"""
The registry of page kinds.

The core knows pages only by their kind; each typed app registers its kind here
(in its `AppConfig.ready()`), saying how to reach its pages, so the core never
imports the apps that plug into it.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    label_plural: str
    url_name: str

    def url_for(self, slug: str) -> str:
        return reverse(self.url_name, kwargs={"slug": slug})


ARTICLE = "article"
_kinds: dict[str, Kind] = {}


def register(name: str, *, label: str, label_plural: str, url_name: str) -> Kind:
    kind = Kind(name, label, label_plural, url_name)
    _kinds[name] = kind
    return kind


def get(name: str) -> Kind:
    return _kinds[name]


def choices() -> list[tuple[str, str]]:
    """Choices for `Page.kind`; a callable so a new kind needs no migration."""
    return [(kind.name, kind.label) for kind in _kinds.values()]


register(ARTICLE, label="Article", label_plural="Articles", url_name="wiki:page")
