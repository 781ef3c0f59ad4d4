"""
Where a reader's progress comes from and where it is kept.

Visitors keep it in a cookie; contributors in their profile, copied into the
session when they log in (so reading it costs no query). A `?progress=`
parameter overrides both for one request: previews at any progress, feed
subscriptions and "show this page in full" links use it.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from wiki.models import Profile
from wiki.storytime import Progress

COOKIE = "progress"
SESSION_KEY = "progress"
COOKIE_AGE = 60 * 60 * 24 * 400  # the longest browsers keep a cookie


def stored(request) -> Progress:
    """The progress the reader has saved (not any one-off override)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Progress.parse(request.session.get(SESSION_KEY, ""))
    return Progress.parse(request.COOKIES.get(COOKIE, ""))


def progress_of(request) -> Progress:
    override = request.GET.get("progress")
    if override is not None:
        return Progress.parse(override)
    return stored(request)


def save(request, response, progress: Progress) -> None:
    """Keep a reader's progress: in the cookie, and for contributors in their
    profile and session too."""
    value = str(progress)
    if request.user.is_authenticated:
        Profile.objects.update_or_create(
            user=request.user, defaults={"progress": value}
        )
        request.session[SESSION_KEY] = value
    if value:
        response.set_cookie(
            COOKIE,
            value,
            max_age=COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


@receiver(user_logged_in)
def restore_progress(sender, request, user, **kwargs):
    """A contributor's saved progress follows them to every browser; one who
    never saved any keeps what they set before logging in."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and request is not None:
        request.session[SESSION_KEY] = profile.progress
    elif request is not None and request.COOKIES.get(COOKIE):
        request.session[SESSION_KEY] = str(Progress.parse(request.COOKIES[COOKIE]))
