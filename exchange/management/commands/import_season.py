from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from episodes.models import Series
from exchange.seasonfile import import_season, report
from exchange.validation import FileError, parse_json


class Command(BaseCommand):
    help = (
        "Import a season file (the format export_season writes). The whole file "
        "is checked first and written in one transaction; running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--series", help="The series' slug, if the file's series name differs."
        )

    def handle(self, *args, path, series, **options):
        target = None
        if series:
            target = Series.objects.filter(slug=series).first()
            if target is None:
                raise CommandError(f"No series has the slug {series!r}.")
        try:
            data = parse_json(path.read_text(encoding="utf-8"), path.name)
            created, changed = import_season(data, name=path.name, series=target)
        except FileNotFoundError:
            raise CommandError(f"{path}: file not found") from None
        except FileError as error:
            raise CommandError(
                f"Import refused, nothing was changed: {error}"
            ) from None
        self.stdout.write(self.style.SUCCESS(report(created, changed).capitalize()))
