import time

from django.core.management.base import BaseCommand

from bench.synthetic import Size, generate


class Command(BaseCommand):
    help = (
        "Write a large synthetic wiki in bulk, for benchmarks and query budgets "
        "(the defaults: 20 series × 5 seasons × 20 episodes, 5,000 characters, "
        "10,000 people, 100,000 credits, 20,000 articles, 200,000 revisions)."
    )

    def add_arguments(self, parser):
        for name, default in vars(Size()).items():
            parser.add_argument(f"--{name}", type=int, default=default)
        parser.add_argument("--prefix", default="syn", help="Slugs start with it.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")

    def handle(self, *args, **options):
        size = Size(**{name: options[name] for name in vars(Size())})
        started = time.perf_counter()
        counts = generate(size, prefix=options["prefix"], seed=options["seed"])
        seconds = time.perf_counter() - started
        made = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        self.stdout.write(f"Generated {made} in {seconds:.0f} s.")
