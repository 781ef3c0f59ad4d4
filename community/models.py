"""Watchlists, notifications and what each contributor chose about them."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from wiki.models import Page


class Watch(models.Model):
    """A contributor follows a page: its changes show on their watchlist."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"], name="community_watch_once"
            )
        ]
        verbose_name_plural = "watches"

    def __str__(self):
        return f"{self.user} watches {self.page}"


class Delivery(models.TextChoices):
    """How a kind of notification reaches someone by e-mail."""

    OFF = "off", "No e-mail"
    AT_ONCE = "now", "E-mail at once"
    DIGEST = "daily", "Daily digest"


class NotificationQuerySet(models.QuerySet):
    def shown_to(self, user):
        """What `user` sees on the site, newest first, with who and where."""
        return (
            self.filter(recipient=user, is_shown=True)
            .select_related("actor", "page")
            .order_by("-created_at", "-pk")
        )

    def unread_by(self, user):
        return self.filter(recipient=user, is_shown=True, is_read=False)


class Notification(models.Model):
    """Something that happened that concerns one contributor."""

    class Kind(models.TextChoices):
        REVERTED = "reverted", "Your edit was undone"
        REPLY = "reply", "A reply in a discussion you take part in"
        MENTION = "mention", "You were mentioned"
        WATCHED = "watched", "A page you watch was changed or discussed"
        # As in MediaWiki, watching a page watches its discussion: heard
        # under the same preference as its changes.
        WATCHED_TALK = "watched_talk", "A page you watch was discussed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(
        "links to", max_length=500, help_text="A path on this site: a diff, a comment."
    )
    is_shown = models.BooleanField(
        "shown on the site",
        default=True,
        help_text="Off when the recipient wants this kind by e-mail only.",
    )
    is_read = models.BooleanField(default=False)
    email = models.CharField(
        max_length=10, choices=Delivery, default=Delivery.OFF, blank=True
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "is_read"],
                condition=models.Q(is_shown=True),
                name="community_unread_idx",
            ),
            models.Index(
                fields=["recipient", "email"],
                condition=models.Q(emailed_at__isnull=True),
                name="community_unsent_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.recipient})"

    def get_absolute_url(self):
        return self.url

    def headline(self) -> str:
        """What happened, in a line (plain text: templates escape it)."""
        actor = self.actor.get_username() if self.actor else "Someone"
        title = self.page.title if self.page else ""
        on = f" on the discussion of {title}" if title else ""
        match self.kind:
            case self.Kind.REVERTED:
                return f"{actor} undid your edit" + (f" to {title}" if title else "")
            case self.Kind.REPLY:
                return f"{actor} replied to you{on}"
            case self.Kind.MENTION:
                return f"{actor} mentioned you{on}"
            case self.Kind.WATCHED_TALK:
                return f"{actor} wrote{on or ' on a discussion you watch'}"
        return f"{actor} changed {title or 'a page you watch'}"


# Kinds of notification heard under another kind's preference.
PREFERENCE_OF = {Notification.Kind.WATCHED_TALK: Notification.Kind.WATCHED}


class TalkActivity(models.Model):
    """A comment posted on a page's discussion, as watchlists show it: kept
    here from `comment_posted`, since this app may not read the discussions
    app's tables (they are independent layers)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.CharField(max_length=200, blank=True)
    is_reply = models.BooleanField(default=False)
    url = models.CharField("links to", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "-created_at"])]
        verbose_name_plural = "talk activity"

    def __str__(self):
        return f"Comment on the discussion of {self.page}"

    def get_absolute_url(self):
        return self.url


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Preferences(models.Model):
    """What a contributor chose about their watchlist and notifications; a
    contributor without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_preferences",
    )
    auto_watch = models.BooleanField(
        "watch pages I create or edit",
        default=True,
    )
    reverted_web = models.BooleanField("on the site", default=True)
    reverted_email = models.CharField(
        "by e-mail", max_length=10, choices=Delivery, default=Delivery.OFF
    )
    reply_web = models.BooleanField("on the site", default=True)
    reply_email = models.CharField(
        "by e-mail", max_length=10, choices=Delivery, default=Delivery.AT_ONCE
    )
    mention_web = models.BooleanField("on the site", default=True)
    mention_email = models.CharField(
        "by e-mail", max_length=10, choices=Delivery, default=Delivery.AT_ONCE
    )
    watched_web = models.BooleanField("on the site", default=False)
    watched_email = models.CharField(
        "by e-mail", max_length=10, choices=Delivery, default=Delivery.OFF
    )
    confirmed_email = models.EmailField(
        blank=True,
        help_text="The address the contributor confirmed owning; e-mail goes "
        "out only while their account's address is this one.",
    )
    feed_token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, editable=False
    )
    watchlist_seen_at = models.DateTimeField(null=True, blank=True)
    digest_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the next daily digest goes out; empty while none waits.",
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user"]
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Preferences of {self.user}"

    def get_absolute_url(self):
        return reverse("community:settings")

    def on_site(self, kind: str) -> bool:
        return getattr(self, f"{PREFERENCE_OF.get(kind, kind)}_web")

    def by_email(self, kind: str) -> str:
        return getattr(self, f"{PREFERENCE_OF.get(kind, kind)}_email")

    @property
    def email_confirmed(self) -> bool:
        address = self.user.email.strip().lower()
        return bool(address) and address == self.confirmed_email.strip().lower()

    @classmethod
    def of(cls, user) -> "Preferences":
        """The user's preferences, made with the defaults on first use."""
        preferences, _ = cls.objects.select_related("user").get_or_create(user=user)
        return preferences
