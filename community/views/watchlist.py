from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community import changes, watching
from community.forms import PERIODS, WatchlistEditForm, WatchlistFilters
from community.models import Preferences, Watch
from wiki import kinds, ratelimit
from wiki.http import safe_next
from wiki.lookup import get_page_for_tool
from wiki.models import Page
from wiki.paging import UncountedPage
from wiki.views.spoiler_gate import shows_whole_story

TOO_FAST = "You are watching and unwatching too fast. Wait a minute and try again."


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def watch(request, slug):
    """Watch or unwatch a page: a form on every page, which the page's
    script sends without leaving it (it then asks for JSON)."""
    # The lookup of every page's tools: another address of the page (old
    # name, other letters) is sent on with the POST (307), a deleted page 410.
    page = get_page_for_tool(
        request, Page.objects.only("pk", "slug", "title", "kind"), slug
    )
    back = safe_next(request, request.POST.get("next")) or page.get_absolute_url()
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": "Log in to watch pages."}, status=403)
        return redirect_to_login(back)
    if ratelimit.is_limited(request, "watch"):
        if _wants_json(request):
            return JsonResponse({"error": TOO_FAST}, status=429)
        messages.error(request, TOO_FAST)
        return redirect(back)
    wants = request.POST.get("watch") != "0"
    watching.set_watching(user=request.user, page=page, watching=wants)
    said = (
        f"“{page.title}” is on your watchlist."
        if wants
        else f"“{page.title}” is no longer on your watchlist."
    )
    if _wants_json(request):
        return JsonResponse({"watching": wants, "message": said})
    messages.success(request, said)
    return redirect(back)


@login_required
def watchlist(request):
    filters = WatchlistFilters(request.GET).filters
    preferences = Preferences.of(request.user)
    # "New" is what changed since the last visit; this visit then counts.
    seen = preferences.watchlist_seen_at
    page_obj = UncountedPage(
        changes.watched_entries(request.user, **filters), request.GET.get("page"), 50
    )
    page_obj.object_list = changes.load(page_obj.object_list)
    deleted = []
    if page_obj.number == 1:
        deleted = changes.deleted_watched(request.user, days=filters["days"])
        Preferences.objects.filter(pk=preferences.pk).update(
            watchlist_seen_at=timezone.now()
        )
    for entry in page_obj:
        # One's own edits and comments are never news to oneself.
        entry.is_new = entry.author_id != request.user.pk and (
            seen is None or entry.created_at > seen
        )
    return render(
        request,
        "community/watchlist.html",
        {
            "page_obj": page_obj,
            "deleted": deleted,
            "filters": filters,
            "kinds": kinds.all_kinds(),
            "periods": PERIODS,
            "seen": seen,
            "feed_token": preferences.feed_token,
            "auto_watch": preferences.auto_watch,
            # Edit summaries may tell anything (as in recent changes).
            "show_summaries": shows_whole_story(request),
        },
    )


@login_required
def edit_watchlist(request):
    watches = list(
        Watch.objects.filter(user=request.user)
        .select_related("page")
        .only("page__title", "page__slug", "page__kind", "page_id", "user_id")
        .order_by("page__title", "page_id")
    )
    form = WatchlistEditForm(request.POST or None, watches=watches)
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["pages"]:
            removed = watching.unwatch_many(
                user=request.user, page_ids=form.cleaned_data["pages"]
            )
            messages.success(
                request,
                f"Removed {removed} page{'s' if removed != 1 else ''} "
                "from your watchlist.",
            )
            return redirect("community:edit_watchlist")
        if form.is_valid():
            form.add_error("pages", "Tick the pages to remove first.")
        return render(
            request,
            "community/watchlist_edit.html",
            {"form": form, "watches": watches},
            status=400,
        )
    return render(
        request, "community/watchlist_edit.html", {"form": form, "watches": watches}
    )
