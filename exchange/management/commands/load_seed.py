from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.seeding import DEFAULT_SEED_DIR, SeedError, load_seed, read_seed


class Command(BaseCommand):
    help = (
        "Load the seed series (Marvel's Jessica Jones by default): creates what "
        "is missing, changes nothing that exists. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_SEED_DIR,
            help="Folder holding series.json and the files it names.",
        )

    def handle(self, *args, data_dir, **options):
        try:
            data = read_seed(data_dir)
        except SeedError as error:
            raise CommandError(
                f"Seed data refused, nothing was changed: {error}"
            ) from None
        created = load_seed(data)
        if not created:
            self.stdout.write("Seed content already loaded; nothing to do.")
            return
        summary = ", ".join(f"{count} {label}" for label, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
