from django.core.management.base import BaseCommand, CommandError

from exchange.backups import restoring


class Command(BaseCommand):
    help = (
        "Load an archive written by dump_wiki into a new, migrated database and "
        "an empty media storage, all or nothing; anything else is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to read.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (whole, its checksums, its format).",
        )

    def handle(self, *args, path, check, **options):
        try:
            if check:
                manifest = restoring.check_archive(path)
                rows = sum(manifest["counts"].values())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path} is whole: {rows} rows, made {manifest['created_at']} "
                        f"by release {manifest['release']}."
                    )
                )
                return
            summary = restoring.restore(path)
        except restoring.BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows} rows of {summary.models} models and "
                f"{summary.files} media files from {path} (made "
                f"{summary.manifest['created_at']})."
            )
        )
