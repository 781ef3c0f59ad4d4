"""
The registry of page kinds.

The core knows pages only by their kind. Each typed app registers its kind in
its `AppConfig.ready()`: the model holding its pages, where they live, which
fields an edit on the site may change (and with which widgets), the page a new
one is created in (a season in its series), its index page and its schema.org
description. So a new kind of page is a new app.

Any app may also extend a kind, its own or another's, or every kind at once:
with inlines, actions and tools in the kind's admin, and with context and
schema.org properties for its pages. That is how credits puts cast and crew on
episode pages without episodes knowing of credits: dependencies point one way,
from the app that extends to the app extended, and none into the core.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

from wiki.addresses import slug_url
from wiki.widgets import date_input

# Fields every page shares; each kind adds its structured fields in front.
COMMON_EDIT_FIELDS = ("body", "categories", "sources", "revealed_in")
ARTICLE = "article"
EVERY = "*"  # extend every kind, those registered later included


@dataclass(frozen=True)
class Index:
    """A kind's index page, linked from every page's header; and listed in the
    sitemap, unless it only redirects (search engines want final addresses)."""

    url_name: str
    label: str
    in_sitemap: bool = True


@dataclass(frozen=True)
class Within:
    """Where a new page of a kind belongs: the page in its foreign key `field`
    (a season's series), which revisions do not hold, so edits leave it alone.
    A contributor who starts there (`?series=<slug>`) creates the new page in
    it; one who starts elsewhere chooses, from `default()` if given.
    `suggest(parent)` gives initial values for the new page (the next free
    number), once the page it belongs in is known."""

    field: str
    suggest: Callable | None = None  # (parent) → dict of initial values
    default: Callable | None = None  # () → the page chosen at first, or None


def _may_change(model_admin, request) -> bool:
    return model_admin.has_change_permission(request)


@dataclass(frozen=True)
class AdminTool:
    """A view of its own in a kind's admin, linked above the list of its pages:
    `view(model_admin, request)`, at `<app>_<model>_<name>`. The link shows,
    and the view answers, only where `allowed(model_admin, request)`."""

    name: str
    label: str
    view: Callable
    allowed: Callable = _may_change


@dataclass(frozen=True)
class Part:
    """Content of a page kept in rows of its own (its credits, its relations),
    which the page's revisions hold as one field, so that a change to them is
    an edit of the page: in its history, its diffs and its restores.

    `read(page)` gives the rows as a list of dicts, each with a `line` (how a
    diff shows it); `write(page, rows)` makes the rows match a list `read`
    gave, when a revision is restored. Both run inside the save's
    transaction, with the page's row locked."""

    name: str
    label: str
    read: Callable
    write: Callable


@dataclass(frozen=True)
class Extension:
    """What an app adds to the pages of a kind.

    `context(request, page, context)` returns more context for the page (a
    dict; `context` is what the page's own view read, which it must not
    overwrite); `annotate_list(request, pages)` gives pages what lists of
    them show; `structured_data(request, page, context)` adds schema.org
    properties; `parts` are rows of the page's own (see `Part`);
    `shown_on(page, old=, new=, face=)` gives the ids of other pages that show
    something of a page that changed (wiki/invalidation.py: `old` and `new`
    are its snapshots, `face` whether its title or address changed). Apps add to
    a kind's admin from their `admin.py`, as they register admins there; the
    rest from `AppConfig.ready()`.
    """

    admin_inlines: tuple = ()
    admin_actions: tuple = ()
    admin_tools: tuple[AdminTool, ...] = ()
    context: Callable | None = None
    annotate_list: Callable | None = None
    structured_data: Callable | None = None
    parts: tuple[Part, ...] = ()
    shown_on: Callable | None = None


_extensions: list[tuple[str, Extension]] = []


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    label_plural: str
    url_name: str
    model_label: str
    edit_fields: tuple[str, ...] = ()
    widgets: dict = field(default_factory=dict, hash=False, compare=False)
    index: Index | None = None
    structured_data: Callable | None = None  # (request, page, context) → dict
    help_texts: dict = field(default_factory=dict, hash=False, compare=False)
    within: Within | None = None
    # Links to other pages (an infobox's picture) that revisions hold, by id,
    # beside `fields`; forms of their own set them, not the edit form.
    link_fields: tuple[str, ...] = ()

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

    @property
    def parts(self) -> list[Part]:
        """Rows of the page's own that its revisions hold beside `fields`."""
        return self._all("parts")

    @property
    def created_on_site(self) -> bool:
        """Whether the site's form for a new page gives it all it needs: a kind
        whose pages need more (an image its file) has its own way in."""
        given = {*self.fields, "slug", self.within.field if self.within else ""}
        return all(
            column.name in given
            or column.primary_key
            or not column.editable
            or column.blank
            or column.has_default()
            for column in self.model._meta.concrete_fields
        )

    @property
    def extensions(self) -> list[Extension]:
        """What apps add to this kind, in the order they added it; what they
        add to every kind comes last."""
        return [ext for name, ext in _extensions if name == self.name] + [
            ext for name, ext in _extensions if name == EVERY
        ]

    def _each(self, hook):
        return [getattr(ext, hook) for ext in self.extensions if getattr(ext, hook)]

    def _all(self, part: str) -> list:
        return [item for ext in self.extensions for item in getattr(ext, part)]

    def shown_on_hooks(self) -> list[Callable]:
        return self._each("shown_on")

    @property
    def admin_inlines(self) -> list:
        return self._all("admin_inlines")

    @property
    def admin_actions(self) -> list:
        return self._all("admin_actions")

    @property
    def admin_tools(self) -> list[AdminTool]:
        return self._all("admin_tools")

    def annotate_list(self, request, pages) -> None:
        """Let the apps extending this kind give listed pages what lists of
        them show (credits: an episode's directors and writers)."""
        for annotate in self._each("annotate_list"):
            annotate(request, pages)

    def details(self, request, page, context: dict) -> dict:
        """A page's context: what its own view read, what the apps extending
        the kind add to it, and its schema.org description built from all."""
        context = dict(context)
        for extend in self._each("context"):
            extra = extend(request, page, context)
            if clash := extra.keys() & context.keys():
                raise ValueError(f"{extend.__qualname__} would replace {clash}")
            context |= extra
        context["structured_data"] = self.describe(request, page, context)
        return context

    def describe(self, request, page, context) -> dict | None:
        """The page's schema.org description (JSON-LD), if the kind has one."""
        if self.structured_data is None:
            return None
        data = self.structured_data(request, page, context)
        for extra in self._each("structured_data"):
            data |= extra(request, page, context)
        return data


_kinds: dict[str, Kind] = {}


def register(
    name: str,
    *,
    label: str,
    label_plural: str,
    url_name: str,
    model: str,
    edit_fields: tuple[str, ...] = (),
    widgets: dict | None = None,
    index: Index | None = None,
    structured_data: Callable | None = None,
    help_texts: dict | None = None,
    within: Within | None = None,
    link_fields: tuple[str, ...] = (),
) -> Kind:
    kind = Kind(
        name,
        label,
        label_plural,
        url_name,
        model,
        tuple(edit_fields),
        widgets or {},
        index,
        structured_data,
        help_texts or {},
        within,
        tuple(link_fields),
    )
    _kinds[name] = kind
    return kind


def extend(name: str, **parts) -> Extension:
    """Add to the pages of a kind (or of `EVERY` kind); see `Extension`. The
    same extension added again (an app made ready twice) counts once."""
    extension = Extension(**parts)
    if (name, extension) not in _extensions:
        _extensions.append((name, extension))
    return extension


def extended_names() -> set[str]:
    """The kinds that apps extend by name (checked to exist: wiki/checks.py)."""
    return {name for name, _ in _extensions} - {EVERY}


def get(name: str) -> Kind:
    return _kinds[name]


def of(model) -> Kind:
    """The kind whose pages a model (or a model instance) holds."""
    return _kinds[model.KIND]


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def names() -> set[str]:
    return set(_kinds)


def indexes() -> list[Index]:
    """The kinds' index pages, in the order the kinds were registered."""
    return [kind.index for kind in _kinds.values() if kind.index is not None]


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
    widgets={"published_on": date_input()},
)
