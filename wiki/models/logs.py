"""The public log of what moderators and the site did: append-only."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from wiki.models.pages import Page


class LogEntryQuerySet(models.QuerySet):
    # The log is append-only, in bulk too (deleting a user or a page clears
    # the link to it through the database, not through these).
    def update(self, **kwargs):
        raise ValueError("Log entries are append-only.")

    def delete(self):
        raise ValueError("Log entries are append-only.")

    def reached_by(self, progress):
        """Entries about no page, or about a page the reader has reached: a
        log line names its page, which may be past their episode."""
        if progress.is_everything:
            return self
        reached = Page.including_deleted.revealed_to(progress).values("pk")
        return self.filter(models.Q(page__isnull=True) | models.Q(page__in=reached))

    def matching(self, *, actions=(), user="", title="", since=None, until=None):
        """Entries newest first, with what they concern, narrowed to some
        actions, to what a user did, to what concerns a page (by title or
        address) or an account, and to days (the log page's filters)."""
        entries = self.select_related("actor", "page", "target_user").order_by(
            "-created_at", "-pk"
        )
        if actions:
            entries = entries.filter(action__in=actions)
        if user:
            entries = entries.filter(actor__username__iexact=user)
        if title:
            about = (
                models.Q(page_title__iexact=title)
                | models.Q(target_user__username__iexact=title)
                | models.Q(target__iexact=title)
            )
            if slug := slugify(title):
                about |= models.Q(page__slug=slug)
            entries = entries.filter(about)
        zone = timezone.get_current_timezone()
        if since:
            start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
            entries = entries.filter(created_at__gte=start)
        if until:
            end = datetime.datetime.combine(until, datetime.time.max, tzinfo=zone)
            entries = entries.filter(created_at__lte=end)
        return entries


class LogEntry(models.Model):
    """
    One logged action: a rename, a protection, a block, a deletion… Like
    revisions, entries are written once and never changed or removed, so the
    log stays a faithful record even of pages and accounts that are gone
    (`page_title` and `target` keep what the entry was about).
    """

    class Action(models.TextChoices):
        RENAME = "rename", "Renamed"
        PROTECT = "protect", "Protected"
        UNPROTECT = "unprotect", "Unprotected"
        DELETE = "delete", "Deleted"
        UNDELETE = "undelete", "Undeleted"
        UPLOAD = "upload", "Uploaded"
        BLOCK = "block", "Blocked"
        UNBLOCK = "unblock", "Unblocked"
        CREATE_ACCOUNT = "create_account", "Account created"
        PATROL = "patrol", "Patrolled"
        RIGHTS = "rights", "Rights changed"
        HIDE_COMMENT = "hide_comment", "Comment hidden"
        UNHIDE_COMMENT = "unhide_comment", "Comment shown again"
        LINK_BLOCKLIST = "link_blocklist", "Link blocklist changed"

    action = models.CharField(max_length=30, choices=Action, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    page = models.ForeignKey(
        Page, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    page_title = models.CharField(max_length=200, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the action concerned when it is not a page or an "
        "account: an IP address or range, a file, a link pattern.",
    )
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "log entries"
        indexes = [
            models.Index(fields=["action", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
            models.Index(fields=["page", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.page_title or self.target}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise ValueError("Log entries are append-only.")
        super().save(**kwargs)

    def delete(self, **kwargs):
        raise ValueError("Log entries are append-only.")
