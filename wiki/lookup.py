from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.text import slugify

from wiki import dependencies, fragments, storytime
from wiki.models import Page, Redirect


class PageMoved(Exception):
    """The slug is a redirect: an alias, a misspelling or a page's old name."""

    def __init__(self, url, *, same_method=False):
        super().__init__(url)
        self.url = url
        self.same_method = same_method


class PageUnrevealed(Exception):
    """The page's subject is past where the reader has watched: the site says
    only that, never what the page is (wiki.middleware.PageMovedMiddleware)."""


class PageGone(Exception):
    """The address is that of a deleted page, or of a redirect to one: the
    site answers 410 with the deletion (wiki.middleware.GoneMiddleware)."""

    def __init__(self, page, redirect=None):
        super().__init__(page.slug)
        self.page = page
        self.redirect = redirect


def deleted_at_address(slug):
    """The page last deleted at this address, if any."""
    found = Page.including_deleted.deleted().filter(slug=slug).order_by("-deleted_at")
    return found.first()


# What the page around a page's fragments shows of it: its title and tools;
# the rest is read when a fragment has to be rendered.
OWN_ROW = ("title", "slug", "kind", "protection", "protected_until", "revealed_in")


def _first(queryset):
    # Slugs are unique: no ordering to work out, plan or sort.
    return next(iter(queryset.order_by()[:1]), None)


def get_page(queryset, slug):
    """The page with this slug. The address of a redirect, or the address
    written in other letters (`Kilgrave` for `kilgrave`), raises PageMoved to
    the page's own; that of a deleted page, or of a redirect to one, raises
    PageGone; else 404."""
    page = _first(queryset.filter(slug=slug))
    if page is not None:
        return page
    target, redirect = _meant(slug)
    if redirect is None:
        raise PageMoved(target.get_absolute_url())
    query = urlencode({"redirectedfrom": redirect.title})
    raise PageMoved(f"{target.get_absolute_url()}?{query}")


def get_page_for_tool(request, queryset, slug, *, deleted_for=None):
    """The page a view about a page (its history, edit form, diff…) is at.
    Another address of the page (other letters, a redirect) raises PageMoved
    to the same view at the page's own address, with the same query; that of
    a deleted page raises PageGone, or gives the page when `deleted_for` (a
    user) may read deleted pages."""
    page = page_or_gone(queryset, slug, deleted_for=deleted_for, elsewhere=True)
    if page is not None:
        return page
    target, _ = _meant(slug)
    match = request.resolver_match
    url = reverse(
        match.view_name, args=match.args, kwargs=match.kwargs | {"slug": target.slug}
    )
    query = request.META.get("QUERY_STRING", "")
    raise PageMoved(f"{url}?{query}" if query else url, same_method=True)


def _meant(slug):
    """(page, None) for the page an address means in other letters, or
    (page, redirect) for a redirect's; 404 if none."""
    canonical = slugify(slug)
    if canonical and canonical != slug:
        page = _first(Page.objects.filter(slug=canonical).only("slug", "kind"))
        if page is not None:
            return page, None
    moved = _first(Redirect.objects.select_related("target").filter(slug=canonical))
    if moved is None:
        gone = deleted_at_address(canonical) if canonical else None
        if gone is not None:
            raise PageGone(gone)
        raise Http404("No page has this address.")
    if moved.target.is_deleted:
        raise PageGone(moved.target, redirect=moved)
    return moved.target, moved


def kept_page(request, queryset, slug):
    """get_page, kept with the page's fragments (wiki/fragments.py): a page
    whose fragments are cached reads nothing of the database. A page the
    reader has not reached raises PageUnrevealed. The view shows the page:
    it is kept by what it reads (wiki/dependencies.py)."""
    dependencies.narrow(request)

    def find():
        # All of it shows (its face alone shows elsewhere), and what is
        # kept with it is stale once it changes.
        found = get_page(queryset, slug)
        dependencies.depend(dependencies.page_tag(found.pk))
        return found

    page = kept_row(request, "page", queryset, find)
    # As of the earliest position the reader has set: the row is the page's
    # own, without its series.
    progress = getattr(request, "progress", storytime.EVERYONE)
    if not progress.sees(page.revealed_in, None):
        raise PageUnrevealed(slug)
    return page


def kept_row(request, name, queryset, find):
    """The row `find()` returns (or None), kept with the page's fragments as
    its fields' values: unlike a pickled model, they still read back after a
    deploy that renames or moves the model."""
    values = fragments.kept(request, name, lambda: _loaded_values(find()))
    if values is None:
        return None
    return queryset.model.from_db(queryset.db, list(values), list(values.values()))


def _loaded_values(row) -> dict | None:
    if row is None:
        return None
    deferred = row.get_deferred_fields()
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in deferred
    }


def page_or_gone(queryset, slug, *, deleted_for=None, elsewhere=False):
    """The live page at this address from `queryset` (of `Page`); else, if a
    page was deleted there, PageGone, or that page when `deleted_for` (a
    user) may read deleted pages; else 404, or None with `elsewhere` (the
    address may mean a page by other letters or a redirect)."""
    page = _first(queryset.filter(slug=slug))
    if page is not None:
        return page
    gone = deleted_at_address(slug)
    if gone is None:
        if elsewhere:
            return None
        raise Http404("No page has this address.")
    if deleted_for is not None and deleted_for.has_perm("wiki.delete_pages"):
        return Page.including_deleted.select_related("current_revision").get(pk=gone.pk)
    raise PageGone(gone)
