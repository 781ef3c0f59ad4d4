"""Watching and unwatching pages: the few writes a watchlist makes."""

from community.models import Preferences, Watch


def is_watching(user, page) -> bool:
    return (
        user.is_authenticated
        and Watch.objects.filter(user=user, page_id=page.pk).exists()
    )


def set_watching(*, user, page, watching: bool) -> None:
    if watching:
        Watch.objects.get_or_create(user=user, page_id=page.pk)
    else:
        Watch.objects.filter(user=user, page_id=page.pk).delete()


def auto_watch(*, user, page_id) -> None:
    """Watch a page its editor just changed, unless they turned that off."""
    turned_off = Preferences.objects.filter(user=user, auto_watch=False).exists()
    if not turned_off:
        Watch.objects.bulk_create(
            [Watch(user=user, page_id=page_id)], ignore_conflicts=True
        )


def unwatch_many(*, user, page_ids) -> int:
    deleted, _ = Watch.objects.filter(user=user, page_id__in=page_ids).delete()
    return deleted
