from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's tooling (`bench/run.py`): the `generate_wiki` command
    and the ceiling view. Installed only when BENCH is set, as the benchmark
    sets it; never on a site that readers use."""

    name = "bench"
    verbose_name = "Benchmark"
