from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from wiki import kinds
from wiki.forms import ChangeFilters
from wiki.fragments import deferred
from wiki.models import Page, Revision
from wiki.moderation.blocks import active_block
from wiki.paging import UncountedPage
from wiki.views.spoiler_gate import shows_whole_story


def _known(request, revisions):
    """Changes to the pages a reader may know of: a page that appears later
    in the story is not named to a reader who has not reached it."""
    if request.progress.is_everything:
        return revisions
    return revisions.filter(page__in=Page.objects.revealed_to(request.progress))


def recent_changes(request):
    filters = ChangeFilters(request.GET).filters
    # Which edits wait for a patrol is for those who patrol.
    patrols = request.user.has_perm("wiki.patrol_edits")
    unpatrolled = patrols and request.GET.get("unpatrolled") == "1"
    revisions = _known(
        request, Revision.objects.recent_changes(**filters, unpatrolled=unpatrolled)
    )
    if patrols:
        revisions = revisions.with_patrol()

    def changes():
        # Counting every revision of a large wiki costs more than the page.
        return {"page_obj": UncountedPage(revisions, request.GET.get("page"), 50)}

    return render(
        request,
        "wiki/recent_changes.html",
        {
            "changes": deferred(changes),
            "filters": filters,
            "unpatrolled": unpatrolled,
            "kinds": kinds.all_kinds(),
            # Free text that may tell anything (as in the feed).
            "show_summaries": shows_whole_story(request),
        },
    )


def user_profile(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    revisions = _known(
        request,
        user.revisions.of_live_pages()
        .select_related("page")
        .order_by("-created_at", "-pk"),
    )
    if request.user.has_perm("wiki.patrol_edits"):
        revisions = revisions.with_patrol()
    page_obj = Paginator(revisions, 50).get_page(request.GET.get("page"))
    # The block is shown to the contributor themselves and to editors.
    sees_block = request.user == user or request.user.has_perm("wiki.block_users")
    return render(
        request,
        "wiki/user_profile.html",
        {
            "profile": user,
            "page_obj": page_obj,
            "held": active_block(user) if sees_block else None,
            "show_summaries": shows_whole_story(request),
        },
    )
