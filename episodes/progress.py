"""Setting how far one has watched: a page listing every episode of a series
as a button, the one-click "I've watched up to here" on episode pages, and
the first-visit prompt every page shows until the reader has chosen (an
episode code, "I've seen everything", or "not now"). The page also keeps
whether the reader hides the titles of episodes not watched yet."""

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from episodes.forms import EpisodeTypedForm, ProgressForm
from episodes.models import Episode, Series
from wiki import reading, storytime
from wiki.http import safe_next

FOREIGN = "Progress can only be set from this wiki's own pages."


def _seasons(series, progress):
    """[(season number, [(code, episode number, title, position), …]), …]: one
    query. A title the reader hides (not watched yet) is None."""
    seasons: dict[int, list] = {}
    rows = (
        Episode.objects.filter(season__series=series)
        .order_by("season__number", "number")
        .values_list("season__number", "number", "title")
    )
    for season, number, title in rows:
        pos = storytime.position(season, number)
        if progress.hides_title(pos, series.pk):
            title = None
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
        if "titles" in request.POST:
            return _save_titles(request)
        if "dismiss" in request.POST:
            return _dismiss(request)
        if not request.POST.get("series") and request.POST.get("position") == (
            "everything"
        ):
            return _save_everywhere(request, storytime.EVERYTHING)
        if "episode" in request.POST:
            return _save_typed(request)
        return _save(request)
    return _page(request, safe_next(request, request.GET.get("next")) or "")


def _page(request, next_url, typed=None, status=200):
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
            "seasons": _seasons(chosen, progress) if chosen else [],
            "current": storytime.code(current),
            "current_position": current,
            "current_label": storytime.label(current),
            "hide_titles": progress.hide_titles,
            "typed": typed or EpisodeTypedForm(),
            "next": next_url,
        },
        status=status,
    )


def _back(request):
    return safe_next(request, request.POST.get("next")) or "home"


def _save_typed(request):
    """An episode code typed in the first-visit prompt, for every series; a
    code that is not one shows the progress page with the error and the text."""
    form = EpisodeTypedForm(request.POST)
    if not form.is_valid():
        next_url = safe_next(request, request.POST.get("next")) or ""
        return _page(request, next_url, typed=form, status=400)
    return _save_everywhere(request, form.cleaned_data["episode"])


def _save_everywhere(request, pos):
    progress = replace(reading.stored(request), default=pos, series=())
    if pos == storytime.EVERYTHING:
        messages.success(request, "Showing everything.")
    else:
        messages.success(
            request,
            f"Showing everything up to {storytime.code(pos)}; "
            "anything revealed later is hidden.",
        )
    response = redirect(_back(request))
    reading.save(request, response, progress)
    return response


def _dismiss(request):
    """Not now: the reader goes on at what they read (everything, for a
    first visit), and is not asked again."""
    progress = reading.stored(request)
    messages.info(
        request,
        f"Showing {storytime.label(progress.default).lower()}. "
        "You can say how far you have watched at any time from “Watched” at the top.",
    )
    response = redirect(_back(request))
    reading.save(request, response, progress)
    return response


def _save_titles(request):
    hide = request.POST.get("titles") == "hidden"
    if hide:
        messages.success(
            request, "Episodes you have not watched yet are named by their code only."
        )
    else:
        messages.success(request, "Every episode is shown with its title.")
    response = redirect(_back(request))
    reading.save_titles(request, response, hide)
    return response


def _save(request):
    form = ProgressForm(request.POST)
    form.is_valid()
    pos = storytime.parse_position(form.cleaned_data.get("position", ""))
    slug = form.cleaned_data.get("series")
    series = Series.objects.filter(slug=slug).first() if slug else None
    back = _back(request)
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
