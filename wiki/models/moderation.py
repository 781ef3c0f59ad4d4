"""What moderators keep: edits awaiting patrol, blocks, the link blocklist."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wiki.models.revisions import Revision


class PatrolQuerySet(models.QuerySet):
    def unpatrolled(self):
        return self.filter(patrolled_at__isnull=True)

    def waiting(self):
        """Unpatrolled edits of live pages: a deleted page's edits wait, left
        out, for its undeletion (its page answers 410 meanwhile), as recent
        changes leave them out."""
        return self.unpatrolled().filter(revision__page__deleted_at__isnull=True)

    def queue(self):
        """The edits waiting, newest first, with what the queue shows of them:
        the page, the author and the revision each is compared with."""
        return (
            self.waiting()
            .select_related("revision__page", "revision__author", "revision__parent")
            .order_by("-created_at", "-pk")
        )


class Patrol(models.Model):
    """
    An edit by a contributor who was not yet established when they made it,
    waiting for an editor to look at it. Written with the revision (which is
    never changed afterwards); marking it patrolled sets who and when here,
    and the public log keeps the action.
    """

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, primary_key=True, related_name="patrol"
    )
    patrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    patrolled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatrolQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("patrol_edits", "Can mark new contributors' edits patrolled")]
        indexes = [
            # The queue reads only what is still waiting.
            models.Index(
                fields=["-created_at"],
                condition=Q(patrolled_at__isnull=True),
                name="wiki_patrol_waiting_idx",
            )
        ]

    def __str__(self):
        return f"Patrol of {self.revision_id}"


class BlockQuerySet(models.QuerySet):
    def active(self, now=None):
        """Blocks neither lifted nor expired: expiry needs no job to run."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            unblocked_at__isnull=True,
        )


class Block(models.Model):
    """
    A block of an account, an IP address or a range of addresses (IPv4 or
    IPv6): its holder may read but not write, until it expires or an editor
    lifts it. Addresses are kept as the bounds of their range, in one
    32-hex-digit space (IPv4 as IPv4-mapped IPv6), so a reader's address finds
    the ranges holding it through an index, however many there are.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wiki_blocks",
    )
    address = models.CharField(
        max_length=50,
        blank=True,
        help_text="An IP address or a range in CIDR notation (203.0.113.0/24).",
    )
    range_start = models.CharField(max_length=32, blank=True, editable=False)
    range_end = models.CharField(max_length=32, blank=True, editable=False)
    reason = models.CharField(max_length=500)
    prevents_account_creation = models.BooleanField(
        default=True, help_text="Also refuse sign-ups from the blocked addresses."
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until lifted."
    )
    unblocked_at = models.DateTimeField(null=True, blank=True)
    unblocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unblock_reason = models.CharField(max_length=500, blank=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("block_users", "Can block and unblock accounts and addresses")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(address=""))
                | (Q(user__isnull=True) & ~Q(address="")),
                name="wiki_block_account_or_address",
            )
        ]
        indexes = [models.Index(fields=["range_start", "range_end"])]

    def __str__(self):
        return f"Block of {self.target}"

    @property
    def target(self) -> str:
        return self.user.get_username() if self.user_id else self.address

    @property
    def is_range(self) -> bool:
        return "/" in self.address

    @property
    def is_active(self) -> bool:
        """As `BlockQuerySet.active()` says it, for a block already read."""
        if self.unblocked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class LinkRule(models.Model):
    """An entry of the link blocklist: a domain (and its subdomains) or a
    regular expression matched against whole addresses."""

    pattern = models.CharField(max_length=200, unique=True)
    is_regex = models.BooleanField("regular expression", default=False)
    reason = models.CharField(max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pattern"]
        permissions = [("manage_link_blocklist", "Can change the link blocklist")]

    def __str__(self):
        return self.pattern
