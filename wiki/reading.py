"""
Where a reader's progress comes from and where it is kept.

Visitors keep it in a cookie; contributors in their profile, copied into the
session when they log in (so reading it costs no query). A `?progress=`
parameter overrides both for one request: previews at any progress, feed
subscriptions and "show this page in full" links use it.

A reader who has said how far they have watched (even "everything", even
"not now") has a progress cookie or a saved profile progress: until then every
page asks them (`has_chosen`). Whether they hide the titles of episodes not
watched yet is kept the same way, beside it.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from wiki.models import Profile
from wiki.storytime import Progress

COOKIE = "progress"
SESSION_KEY = "progress"
TITLES_COOKIE = "titles"  # "hidden": titles of episodes not watched are left out
TITLES_SESSION_KEY = "hide_titles"
COOKIE_AGE = 60 * 60 * 24 * 400  # the longest browsers keep a cookie


def _is_contributor(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def stored(request) -> Progress:
    """The progress the reader has saved (not any one-off override)."""
    if _is_contributor(request):
        session = request.session
        return replace(
            Progress.parse(session.get(SESSION_KEY, "")),
            hide_titles=bool(session.get(TITLES_SESSION_KEY)),
        )
    return replace(
        Progress.parse(request.COOKIES.get(COOKIE, "")),
        hide_titles=request.COOKIES.get(TITLES_COOKIE) == "hidden",
    )


def progress_of(request) -> Progress:
    override = request.GET.get("progress")
    if override is not None:
        # How far, for this request; how titles are shown stays the reader's.
        hide_titles = stored(request).hide_titles
        return replace(Progress.parse(override), hide_titles=hide_titles)
    return stored(request)


def has_chosen(request) -> bool:
    """Whether the reader has said how far they have watched (or that they
    would rather not say): the first-visit prompt is for those who have not."""
    if _is_contributor(request):
        return bool(request.session.get(SESSION_KEY))
    return COOKIE in request.COOKIES


def _set_cookie(response, name, value):
    response.set_cookie(
        name,
        value,
        max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def save(request, response, progress: Progress) -> None:
    """Keep a reader's progress: in the cookie, and for contributors in their
    profile and session too. "everything" is written out, so that the choice
    is remembered (`has_chosen`)."""
    value = str(progress) or "everything"
    if _is_contributor(request):
        Profile.objects.update_or_create(
            user=request.user, defaults={"progress": value}
        )
        request.session[SESSION_KEY] = value
    _set_cookie(response, COOKIE, value)


def save_titles(request, response, hide: bool) -> None:
    """Keep whether the reader hides the titles of episodes not watched yet."""
    if _is_contributor(request):
        Profile.objects.update_or_create(
            user=request.user, defaults={"hide_unwatched_titles": hide}
        )
        request.session[TITLES_SESSION_KEY] = hide
    if hide:
        _set_cookie(response, TITLES_COOKIE, "hidden")
    else:
        response.delete_cookie(TITLES_COOKIE, samesite="Lax")


@receiver(user_logged_in)
def restore_progress(sender, request, user, **kwargs):
    """A contributor's saved progress follows them to every browser; one who
    never saved any keeps what they set before logging in."""
    if request is None:
        return
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        request.session[SESSION_KEY] = profile.progress
        request.session[TITLES_SESSION_KEY] = profile.hide_unwatched_titles
        return
    if request.COOKIES.get(COOKIE):
        progress = Progress.parse(request.COOKIES[COOKIE])
        request.session[SESSION_KEY] = str(progress) or "everything"
    request.session[TITLES_SESSION_KEY] = request.COOKIES.get(TITLES_COOKIE) == "hidden"
