from django.core.management.base import BaseCommand

from exchange.backups import dumping


class Command(BaseCommand):
    help = (
        "Write the whole wiki (every row, password hashes included, and every "
        "media file) to one archive, readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to write (.tar.gz).")

    def handle(self, *args, path, **options):
        summary = dumping.dump(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.rows} rows of {summary.models} models and "
                f"{summary.files} media files ({summary.bytes} bytes) to {path}."
            )
        )
