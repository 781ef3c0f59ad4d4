"""Setting how far one has watched: a page listing every episode of a series
as a button, and the one-click "I've watched up to here" on episode pages."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from episodes.forms import ProgressForm
from episodes.models import Episode, Series
from wiki import reading, storytime
from wiki.http import safe_next

FOREIGN = "Progress can only be set from this wiki's own pages."


def _seasons(series):
    """[(season number, [(position, episode number, title), …]), …]: one query."""
    seasons: dict[int, list] = {}
    rows = (
        Episode.objects.filter(season__series=series)
        .order_by("season__number", "number")
        .values_list("season__number", "number", "title")
    )
    for season, number, title in rows:
        pos = storytime.position(season, number)
        seasons.setdefault(season, []).append((storytime.code(pos), number, title, pos))
    return list(seasons.items())


def _same_origin(request) -> bool:
    """Whether a POST comes from one of the wiki's own pages."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER", "")
    if not source:
        return False
    host = source.split("://", 1)[-1].split("/", 1)[0]
    return host == request.get_host()


# No CSRF token, so that the pages carrying "I've watched up to here" can be
# cached whole for every visitor; another site still cannot change a reader's
# progress (and show them spoilers): the browser's Origin must be ours.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def set_progress(request):
    if request.method == "POST":
        if not _same_origin(request):
            return render(request, "403.html", {"reason": FOREIGN}, status=403)
        return _save(request)
    all_series = list(Series.objects.featured_first().only("title", "slug", "kind"))
    chosen = next(
        (s for s in all_series if s.slug == request.GET.get("series")),
        all_series[0] if all_series else None,
    )
    progress = reading.stored(request)
    current = progress.at(chosen.pk) if chosen else progress.default
    return render(
        request,
        "episodes/progress.html",
        {
            "all_series": all_series,
            "series": chosen,
            "seasons": _seasons(chosen) if chosen else [],
            "current": storytime.code(current),
            "current_position": current,
            "current_label": storytime.label(current),
            "next": safe_next(request, request.GET.get("next")) or "",
        },
    )


def _save(request):
    form = ProgressForm(request.POST)
    form.is_valid()
    pos = storytime.parse_position(form.cleaned_data.get("position", ""))
    slug = form.cleaned_data.get("series")
    series = Series.objects.filter(slug=slug).first() if slug else None
    back = safe_next(request, request.POST.get("next")) or "home"
    if pos is None or series is None:
        messages.error(request, "That is not an episode of a series on this wiki.")
        return redirect(back)
    if pos not in (storytime.NOTHING, storytime.EVERYTHING):
        season, number = divmod(pos, 1000)
        if not Episode.objects.filter(
            season__series=series, season__number=season, number=number
        ).exists():
            messages.error(
                request, f"{series.title} has no episode {storytime.code(pos)}."
            )
            return redirect(back)
    progress = reading.stored(request).setting(series.pk, pos)
    if pos == storytime.EVERYTHING:
        messages.success(request, f"Showing everything about {series.title}.")
    elif pos == storytime.NOTHING:
        messages.success(request, f"Hiding everything revealed in {series.title}.")
    else:
        messages.success(
            request,
            f"Showing {series.title} up to {storytime.code(pos)}; "
            "anything revealed later is hidden.",
        )
    response = redirect(back)
    reading.save(request, response, progress)
    return response
