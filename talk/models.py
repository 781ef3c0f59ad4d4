"""Discussions: every page and every user has one, made of threads of comments."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from wiki.addresses import slug_url
from wiki.models import Page


class Discussion(models.Model):
    """The talk page of a wiki page or of a user: exactly one of the two."""

    page = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussion",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussion",
    )
    # Comments not hidden, kept here so that every page can show its
    # "Discussion (N)" by reading one row; moved by talk.services only.
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, user__isnull=True)
                | models.Q(page__isnull=True, user__isnull=False),
                name="talk_discussion_of_a_page_or_a_user",
            )
        ]

    def __str__(self):
        if self.page_id:
            return f"Talk: {self.page.title}"
        return f"User talk: {self.user.get_username()}"

    def get_absolute_url(self):
        if self.page_id:
            return slug_url("talk:page", self.page.slug)
        return reverse("talk:user", kwargs={"username": self.user.get_username()})


class Thread(models.Model):
    """A topic: a title and the comments under it, the first one opening it."""

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="talk_threads",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["discussion", "-last_activity_at", "-id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talk:thread", kwargs={"thread_id": self.pk})


class Comment(models.Model):
    """One signed comment: the first of a thread, or a reply to another."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments"
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(
        default=0, help_text="How many comments up the chain of replies: 0 opens."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="talk_comments",
    )
    body = models.TextField(help_text="Markdown with [[wiki links]].")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(max_length=500, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at", "id"])]
        permissions = [("hide_comments", "Can hide and show again comments")]

    def __str__(self):
        name = self.author.get_username() if self.author_id else "a deleted account"
        return f"Comment by {name} on “{self.thread.title}”"

    def get_absolute_url(self):
        # The thread's own address: the comment is on it whatever its age,
        # while the discussion's first page shows only the latest threads.
        thread = reverse("talk:thread", kwargs={"thread_id": self.thread_id})
        return f"{thread}#c-{self.pk}"


class CommentRevision(models.Model):
    """A former text of a comment, kept when its author edits it: append-only."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField()
    written_at = models.DateTimeField(help_text="When this text was posted.")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"Comment {self.comment_id} as of {self.written_at:%Y-%m-%d %H:%M}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise ValueError("Former texts of comments are never changed.")
        super().save(**kwargs)
