"""
The editing tools hold the whole story (issue 17): a page's source has every
reveal block and tagged fact, its history every old text, edit summaries
whatever their writers told. A reader who has not watched everything is asked
first, once, and the answer is kept in their session for a while.

`@whole_story` gates a view's GET: the reader gets the warning instead until
they choose to go on. A POST is never stopped: it comes from a form that was
only reachable after that choice, and must not lose what was typed. The
choice lives in the session, not a cookie of its own, so a reader who made
it is never served a page from the anonymous page cache (wiki/pagecache.py).
"""

import time
from functools import wraps

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wiki.http import safe_next

SESSION_KEY = "whole_story_until"
KEPT_FOR = 12 * 60 * 60  # seconds: a working session, not for good


def shows_whole_story(request) -> bool:
    """Whether the editing tools show this reader everything: they have
    watched it all, or they chose to go on, lately."""
    if request.progress.is_everything:
        return True
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY, 0) > time.time()


def _back(kwargs) -> str:
    # The page's own address (its reader's view is spoiler-safe), which says
    # nothing the address of the tool did not already.
    slug = kwargs.get("slug")
    return reverse("wiki:page", args=[slug]) if slug else reverse("home")


def whole_story(view):
    """Gate a view that shows a page's source, old texts or edit summaries."""

    @wraps(view)
    def gated(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and not shows_whole_story(request):
            context = {"next": request.get_full_path(), "back": _back(kwargs)}
            return render(request, "wiki/whole_story.html", context)
        return view(request, *args, **kwargs)

    gated.whole_story_gate = True
    return gated


@require_POST
def go_on(request):
    """The reader's choice to see the editing tools anyway."""
    request.session[SESSION_KEY] = int(time.time()) + KEPT_FOR
    return redirect(safe_next(request, request.POST.get("next")) or "home")
