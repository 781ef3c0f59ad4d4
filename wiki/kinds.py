"""
The registry of page kinds.

The core knows pages only by their kind; each typed app registers its kind here
(in its `AppConfig.ready()`), saying how to reach its pages, which model holds
them and which of their fields an edit on the site may change, so the core
never imports the apps that plug into it.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_MARK = "slug-mark-7f3a"  # a slug no page has, replaced in the URL template

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


def slug_url(url_name: str, slug: str) -> str:
    """The address of a view taking only a slug, reversed once per view."""
    template = _url_template(url_name, get_script_prefix(), get_urlconf())
    return template.replace(SLUG_MARK, slug)


@cache
def _url_template(url_name, prefix, urlconf):
    return reverse(url_name, kwargs={"slug": SLUG_MARK})


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
