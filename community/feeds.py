from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control

from community.models import Preferences
from community.views.watchlist import watched_changes
from wiki.feeds import RecentChangesFeed


class WatchlistFeed(RecentChangesFeed):
    """A contributor's watchlist as Atom, at a private address (a token they
    can reset) that a feed reader can open without logging in. As with recent
    changes, a reader who has not seen everything gets no edit summaries."""

    title = "Fanwiki: my watchlist"
    subtitle = "Changes to the pages I watch over the last 30 days."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Private: no shared cache may keep it, nor serve it to another.
        patch_cache_control(response, private=True, no_cache=True)
        return response

    def get_object(self, request, token):
        owner = (
            Preferences.objects.filter(feed_token=token[:64])
            .select_related("user")
            .first()
        )
        if owner is None or not owner.user.is_active:
            raise Http404("No such feed.")
        return owner.user, request.progress.is_everything

    def link(self, obj):
        return reverse("community:watchlist")

    def items(self, obj):
        user, with_summaries = obj
        revisions = watched_changes(user, days=30)[:50]
        for revision in revisions:
            revision.told = revision.summary if with_summaries else ""
        return revisions
