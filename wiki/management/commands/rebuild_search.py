from django.core.management.base import BaseCommand
from django.db import transaction

from wiki import categories, invalidation
from wiki.models import Page
from wiki.search import documents
from wiki.services import typed


class Command(BaseCommand):
    help = (
        "Rebuild every page's search entries and category memberships, with "
        "the episodes that reveal them (after an upgrade, or a bulk load)."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for page in Page.objects.order_by("pk").iterator(chunk_size=500):
                page = typed(page)
                categories.refresh(page)
                documents.refresh(page)
                count += 1
            # Category pages, search results: anything may read differently.
            invalidation.everything_changed()
        self.stdout.write(
            f"Rebuilt the search entries and categories of {count} pages."
        )
