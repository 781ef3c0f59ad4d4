from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from wiki import kinds, logs
from wiki.forms import ChangeFilters, LogFilters
from wiki.models import Page, Revision, SearchEntry
from wiki.search.documents import visible_to
from wiki.text import xml_safe


class SafeAtom1Feed(Atom1Feed):
    """Atom whatever a page holds: a control character (which XML 1.0
    forbids) in one contributor's text must not break the feed for all."""

    def add_item(self, title, link, description, **kwargs):
        def safe(value):
            return xml_safe(value) if isinstance(value, str) else value

        kwargs = {name: safe(value) for name, value in kwargs.items()}
        super().add_item(safe(title), link, safe(description), **kwargs)


class RecentChangesFeed(Feed):
    """Recent changes as Atom, with the same filters as the page. Edit
    summaries are free text that may tell anything, so a reader who has not
    seen everything (`?progress=S1E3`) gets the changes without them."""

    feed_type = SafeAtom1Feed
    title = "Fanwiki: recent changes"
    subtitle = "Every edit to every page of the wiki."

    def get_object(self, request):
        return request.GET, request.progress

    def link(self, obj):
        return reverse("wiki:recent_changes")

    def items(self, obj):
        params, progress = obj
        with_summaries = progress.is_everything
        filters = ChangeFilters(params).filters
        revisions = Revision.objects.recent_changes(**filters)
        if not with_summaries:
            reached = Page.objects.revealed_to(progress).values("pk")
            revisions = revisions.filter(page__in=reached)
        revisions = revisions[:50]
        for revision in revisions:
            revision.told = revision.summary if with_summaries else ""
        return revisions

    def item_title(self, revision):
        return f"{revision.data.get('title', revision.page.title)}: " + (
            revision.told or revision.get_action_display()
        )

    def item_description(self, revision):
        author = revision.author.get_username() if revision.author else "the importer"
        minor = " (minor)" if revision.is_minor else ""
        return f"{revision.get_action_display()} by {author}{minor}."

    def item_link(self, revision):
        return revision.get_absolute_url()

    def item_pubdate(self, revision):
        return revision.created_at

    def item_author_name(self, revision):
        return revision.author.get_username() if revision.author else "Importer"


class NewPagesFeed(Feed):
    """Pages as they are created (new episodes, articles…), newest first;
    `?kind=episode` narrows it to one kind."""

    feed_type = SafeAtom1Feed
    title = "Fanwiki: new pages"
    subtitle = "Pages as they are added to the wiki."

    def get_object(self, request):
        kind = request.GET.get("kind", "")
        kind = kind if kind in kinds.names() else ""
        return kind, request.progress

    def link(self, obj):
        return reverse("wiki:all_pages")

    def items(self, obj):
        kind, progress = obj
        # Each page's text as the reader's progress has it: its search entry
        # for that stage of the story.
        entries = SearchEntry.objects.filter(visible_to(progress)).only("page", "text")
        pages = (
            Page.objects.revealed_to(progress)
            .prefetch_related(
                Prefetch("search_entries", queryset=entries, to_attr="visible_entries")
            )
            .order_by("-created_at", "-pk")
        )
        return (pages.filter(kind=kind) if kind else pages)[:50]

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        text = page.visible_entries[0].text if page.visible_entries else ""
        return Truncator(text).words(60)

    def item_link(self, page):
        return page.get_absolute_url()

    def item_pubdate(self, page):
        return page.created_at

    def item_updateddate(self, page):
        return page.updated_at


class LogFeed(Feed):
    """The public log as Atom, with the same filters as its page."""

    feed_type = SafeAtom1Feed
    title = "Fanwiki: log"
    subtitle = "Renames, protections, deletions, uploads, new accounts, blocks…"

    def get_object(self, request):
        return request.GET, request.progress

    def link(self, obj):
        return reverse("wiki:log")

    def items(self, obj):
        params, progress = obj
        return LogFilters(params).entries().reached_by(progress)[:50]

    def item_title(self, entry):
        return f"{entry.get_action_display()}: {logs.concerning(entry)}"

    def item_description(self, entry):
        who = entry.actor.get_username() if entry.actor else "The site"
        why = f" Reason: {entry.reason}" if entry.reason else ""
        return f"{who}: {entry.get_action_display().lower()}.{why}"

    def item_link(self, entry):
        return f"{reverse('wiki:log')}?{urlencode({'title': logs.concerning(entry)})}"

    def item_guid(self, entry):
        return f"log-entry-{entry.pk}"

    def item_pubdate(self, entry):
        return entry.created_at

    def item_author_name(self, entry):
        return entry.actor.get_username() if entry.actor else "Fanwiki"
