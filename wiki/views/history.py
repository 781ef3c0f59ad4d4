from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from wiki.diffs import diff_snapshots, linked_titles, shown
from wiki.forms import field_labels
from wiki.lookup import PageUnrevealed, get_page_for_tool
from wiki.markup import render_markdown
from wiki.models import Page, PageLink, Revision
from wiki.views.spoiler_gate import whole_story


def _page(request, slug):
    """The page, or for those who may undelete, the page deleted here."""
    return get_page_for_tool(
        request,
        Page.objects.select_related("current_revision"),
        slug,
        deleted_for=request.user,
    )


@whole_story
def history(request, slug):
    page = _page(request, slug)
    revisions = page.revisions.select_related("author").order_by("-number")
    page_obj = Paginator(revisions, 50).get_page(request.GET.get("page"))
    current = page.current_revision
    rollback_ok = (
        current is not None
        and current.parent_id is not None
        and not page.is_deleted
        and request.user.has_perm("wiki.rollback_edits")
    )
    return render(
        request,
        "wiki/page_history.html",
        {"page": page, "page_obj": page_obj, "can_rollback": rollback_ok},
    )


@whole_story
def revision_detail(request, slug, number):
    page = _page(request, slug)
    revision = get_object_or_404(
        Revision.objects.select_related("author"), page=page, number=number
    )
    labels = field_labels(page.kind)
    titles = linked_titles(revision.data)
    fields = [
        (label, shown(revision.data.get(name), name=name, titles=titles))
        for name, label in labels.items()
        if name not in ("title", "body", "sources")
    ]
    return render(
        request,
        "wiki/revision_detail.html",
        {
            "page": page,
            "revision": revision,
            "fields": fields,
            # As of the earliest position the reader has set: spoiler-safe
            # whatever the page's series, without loading its typed record.
            "body": mark_safe(  # noqa: S308 (sanitised by nh3)
                render_markdown(
                    revision.data.get("body", ""), position=request.progress.earliest
                )
            ),
        },
    )


def _number(value, default, *, highest):
    """A revision number from the query string, within 1…highest."""
    if not (value or "").isdecimal():
        return default
    return min(max(int(value), 1), highest)


@whole_story
def diff(request, slug):
    page = _page(request, slug)
    newest = page.current_revision.number if page.current_revision else 0
    new_number = _number(request.GET.get("to"), newest, highest=newest)
    old_number = _number(request.GET.get("from"), new_number - 1, highest=newest)
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    found = {
        r.number: r
        for r in Revision.objects.select_related("author").filter(
            page=page, number__in=[old_number, new_number]
        )
    }
    if new_number not in found or old_number not in found:
        raise Http404("No such revision of this page.")
    old, new = found[old_number], found[new_number]
    return render(
        request,
        "wiki/revision_diff.html",
        {
            "page": page,
            "old": old,
            "new": new,
            "changes": diff_snapshots(
                old.data, new.data, labels=field_labels(page.kind)
            ),
        },
    )


def what_links_here(request, slug):
    page = get_page_for_tool(request, Page.objects, slug)
    if not page.is_revealed_to(request.progress):
        raise PageUnrevealed(slug)
    aliases = list(page.redirects.values_list("slug", flat=True))
    links = PageLink.objects.filter(
        Q(target_slug=page.slug) | Q(target_slug__in=aliases)
    )
    if not request.progress.is_everything:
        reached = Page.objects.revealed_to(request.progress).values("pk")
        links = links.filter(source__in=reached)
    links = links.select_related("source").order_by("source__title")
    page_obj = Paginator(links, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/what_links_here.html",
        {"page": page, "page_obj": page_obj, "redirects": page.redirects.all()},
    )
