"""What the moderation tests share: contributors on either side of the
"established" threshold, and edits through the site."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import make_article, make_user
from wiki import services
from wiki.models import Revision

# Small numbers, so that making an established contributor is cheap.
THRESHOLD = {"edits": 3, "days": 2}


def make_newcomer(username="newbie"):
    return make_user(username=username)


def make_established(username="veteran"):
    """A contributor past THRESHOLD: an old account with enough edits."""
    user = make_user(username=username)
    type(user).objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=30)
    )
    user.refresh_from_db()
    for number in range(THRESHOLD["edits"]):
        page = make_article(title=f"{username} notes {number}", body="Notes.")
        services.record_revision(page=page, author=user, summary="Notes")
    return user


def edit_data(page, **changes):
    page.refresh_from_db()
    data = {
        key: "" if value is None else value
        for key, value in services.snapshot(services.typed(page)).items()
    }
    return data | {"base_revision": page.current_revision_id, "summary": ""} | changes


def edit(client, page, **changes):
    return client.post(f"/wiki/{page.slug}/edit/", edit_data(page, **changes))


def latest(page) -> Revision:
    page.refresh_from_db()
    return page.current_revision


def revise(page, author, body):
    """An edit by `author` through the service, for filling lists fast."""
    page.refresh_from_db()
    return services.revise_page(
        page=page,
        author=author,
        changes=services.snapshot(services.typed(page)) | {"body": body},
        base_revision=page.current_revision,
    )
