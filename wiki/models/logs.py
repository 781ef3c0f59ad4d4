"""The public log of what moderators and the site did: append-only."""

from django.conf import settings
from django.db import models

from wiki.models.pages import Page


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
