"""
The registry of page kinds.

The core knows pages only by their kind; each typed app registers its kind here
(in its `AppConfig.ready()`), saying how to reach its pages, which model holds
them and which of their fields an edit on the site may change, so the core
never imports the apps that plug into it.
"""

from dataclasses import dataclass

from django.apps import apps

from wiki.addresses import slug_url

# Fields every page shares; each kind adds its structured fields in front.
COMMON_EDIT_FIELDS = ("body", "categories", "sources")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    label_plural: str
    url_name: str
    model_label: str
    edit_fields: tuple[str, ...]

    def url_for(self, slug: str) -> str:
        """A page's address; reversed once per kind, as pages list hundreds."""
        return slug_url(self.url_name, slug)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def fields(self) -> tuple[str, ...]:
        """Everything a revision of this kind snapshots, title first."""
        return ("title", *self.edit_fields, *COMMON_EDIT_FIELDS)


ARTICLE = "article"
_kinds: dict[str, Kind] = {}


def register(
    name: str,
    *,
    label: str,
    label_plural: str,
    url_name: str,
    model: str,
    edit_fields: tuple[str, ...] = (),
) -> Kind:
    kind = Kind(name, label, label_plural, url_name, model, tuple(edit_fields))
    _kinds[name] = kind
    return kind


def get(name: str) -> Kind:
    return _kinds[name]


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def choices() -> list[tuple[str, str]]:
    """Choices for `Page.kind`; a callable so a new kind needs no migration."""
    return [(kind.name, kind.label) for kind in _kinds.values()]


register(
    ARTICLE,
    label="Article",
    label_plural="Articles",
    url_name="wiki:page",
    model="wiki.Article",
    edit_fields=("article_type", "published_on"),
)
