from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control

from community import changes
from community.models import Preferences
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
        entries = changes.load(changes.watched_entries(user, days=30)[:50])
        for entry in entries:
            if entry.is_comment:
                # A topic's title is free text too.
                entry.topic = entry.topic if with_summaries else ""
            else:
                entry.told = entry.summary if with_summaries else ""
        return entries

    # Comments on the discussions of watched pages, beside their changes.
    def item_title(self, entry):
        if entry.is_comment:
            return f"{entry.page.title} (discussion): {_what(entry)}"
        return super().item_title(entry)

    def item_description(self, entry):
        if entry.is_comment:
            author = entry.author.get_username() if entry.author else "someone"
            return f"{_what(entry)} by {author}."
        return super().item_description(entry)

    def item_author_name(self, entry):
        if entry.is_comment:
            return entry.author.get_username() if entry.author else "Someone"
        return super().item_author_name(entry)


def _what(comment) -> str:
    topic = f" “{comment.topic}”" if comment.topic else ""
    return ("Reply in" if comment.is_reply else "New topic") + topic
