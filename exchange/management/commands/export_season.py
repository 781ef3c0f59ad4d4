import json

from django.core.management.base import BaseCommand, CommandError

from episodes.models import Season
from exchange.seasonfile import export_season


class Command(BaseCommand):
    help = "Write a season (episodes, credits, characters, people) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("season", help="The season's slug.")
        parser.add_argument("-o", "--output", help="A file to write; default stdout.")

    def handle(self, *args, season, output, **options):
        found = Season.objects.select_related("series").filter(slug=season).first()
        if found is None:
            raise CommandError(f"No season has the slug {season!r}.")
        text = json.dumps(export_season(found), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stdout.write(self.style.SUCCESS(f"Wrote {found} to {output}."))
        else:
            self.stdout.write(text)
