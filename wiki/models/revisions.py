"""The history of pages: revisions, append-only."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from wiki.models.pages import Page


class RevisionQuerySet(models.QuerySet):
    def with_patrol(self):
        """Each revision's `unpatrolled`: whether it waits for a patrol
        (answered in the same query, for the editors' marks)."""
        patrol = self.model._meta.get_field("patrol").related_model
        waiting = patrol.objects.filter(
            revision_id=models.OuterRef("pk"), patrolled_at__isnull=True
        )
        return self.annotate(unpatrolled=models.Exists(waiting))

    def of_live_pages(self):
        return self.filter(page__deleted_at__isnull=True)

    def recent_changes(self, *, kind="", user="", hideminor="", unpatrolled=False):
        """Revisions across the wiki, newest first, with their page and
        author, narrowed to a kind of page, an author or major edits (the
        filters of the recent changes page: wiki.forms.ChangeFilters), or to
        edits waiting for a patrol. A deleted page's revisions are left out:
        the log tells of its deletion."""
        revisions = (
            self.select_related("page", "author")
            .of_live_pages()
            .order_by("-created_at", "-pk")
        )
        if unpatrolled:
            revisions = revisions.filter(
                patrol__isnull=False, patrol__patrolled_at__isnull=True
            )
        if kind:
            revisions = revisions.filter(page__kind=kind)
        if user:
            revisions = revisions.filter(author__username=user)
        if hideminor:
            revisions = revisions.filter(is_minor=False)
        return revisions


class Revision(models.Model):
    """
    One saved state of a page: append-only, never changed once written.

    `data` snapshots everything an edit may change (title, body, sources and
    the kind's structured fields), so a revision can be shown, compared and
    restored whole. `parent` is the revision the edit started from; being
    one-to-one, no two revisions can share a base, which is what makes
    concurrent saves of one page safe.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        RESTORE = "restore", "Restored"
        ROLLBACK = "rollback", "Rolled back"
        RENAME = "rename", "Renamed"
        PROTECT = "protect", "Protected"
        UNPROTECT = "unprotect", "Unprotected"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    parent = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
    )
    action = models.CharField(max_length=20, choices=Action, default=Action.EDIT)
    summary = models.CharField(max_length=500, blank=True)
    is_minor = models.BooleanField("minor edit", default=False)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="wiki_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(parent__isnull=True),
                name="wiki_revision_one_first_per_page",
            ),
        ]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return f"{self.data.get('title', self.page_id)} #{self.number}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise ValueError("Revisions are append-only.")
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse(
            "wiki:revision", kwargs={"slug": self.page.slug, "number": self.number}
        )
