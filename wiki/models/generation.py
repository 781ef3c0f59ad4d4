"""The content generation, as the database keeps it (see wiki/generations.py)."""

from django.db import models
from django.db.models.functions import Greatest


class ContentGenerationQuerySet(models.QuerySet):
    def advance(self, now: float) -> None:
        """Move the generation past its value and up to `now` at least, in
        the transaction making the change: it never goes back, whatever the
        clocks of the app servers say."""
        advanced = self.filter(pk=1).update(
            value=Greatest(models.F("value") + 1e-6, now)
        )
        if not advanced:  # the row is gone (a test flushed the tables)
            self.get_or_create(pk=1, defaults={"value": now})

    def value(self) -> float:
        return self.filter(pk=1).values_list("value", flat=True).first() or 0.0

    def stamped(self, tick: int) -> None:
        """Note the latest tick of the caches' clock that stamped an edit."""
        # Typed: bound on the server (PostgreSQL), a bare number is taken for
        # an IntegerField's and cut to 32 bits.
        given = models.Value(tick, output_field=models.BigIntegerField())
        if not self.filter(pk=1).update(tick=Greatest(models.F("tick"), given)):
            self.get_or_create(pk=1, defaults={"tick": tick})  # the row is gone

    def state(self) -> tuple[float, int]:
        return self.filter(pk=1).values_list("value", "tick").first() or (0.0, 0)


class ContentGeneration(models.Model):
    """One row: when content last changed, as a time in seconds. The caches
    hold a copy that every request reads; this is what the copy is repaired
    from when the cache missed a change (it was down, or restarted)."""

    value = models.FloatField(default=0.0)
    # The latest tick of the caches' clock (wiki/invalidation.py) that
    # stamped an edit: a cache whose clock is behind it lost stamps.
    tick = models.BigIntegerField(default=0)

    objects = ContentGenerationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Content generation {self.value}"
