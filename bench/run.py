"""
The wiki under load: `python bench/run.py` (or `make bench`).

Loads the large synthetic wiki (`manage.py generate_wiki`) once, starts
gunicorn with production settings (PostgreSQL and Redis when DATABASE_URL and
CACHE_URL say so, SQLite and local memory otherwise), and loads each page with
wrk in three modes: the page cache warm (what anonymous readers get); the page
cache off with the fragments of pages warm (what contributors get); and
nothing cached, every page rendered from the database. A view returning fixed
bytes under the same server is the ceiling, measured before and after each
page, and each page's figure is also given as a fraction of the mean of those
two, since these machines are noisy.
Also printed: latency (p50, p99), queries per page and memory per worker.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8077
SMALL = (
    "--series 2 --characters 500 --people 1000 --credits 10000 --articles 2000 "
    "--revisions 20000"
).split()


MODES = (
    ("Page cache warm", {"PAGE_CACHE": "True", "FRAGMENT_CACHE": "True"}),
    (
        "Page cache off, fragments warm",
        {"PAGE_CACHE": "False", "FRAGMENT_CACHE": "True"},
    ),
    ("Nothing cached", {"PAGE_CACHE": "False", "FRAGMENT_CACHE": "False"}),
)


def environment(database="bench.sqlite3", **caches) -> dict:
    """Production settings for the benchmark's processes; SQLite in
    `bench/.data/<database>` unless DATABASE_URL says otherwise."""
    env = os.environ.copy()
    env.setdefault("DATABASE_URL", f"sqlite:///{DATA / database}")
    env.update(
        DEBUG="False",
        BENCH="True",
        SECRET_KEY=env.get("SECRET_KEY", "bench-" + "x" * 50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(DATA / "static"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="wiki.settings",
    )
    return env | caches


def shell(script, env) -> str:
    """What a Python script run by `manage.py shell` prints."""
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(size_args, env):
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "--verbosity", "0", env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    probe = (
        "from wiki.models import Page; "
        "print(Page.objects.filter(slug__startswith='syn-').exists())"
    )
    found = shell(probe, env)
    if "True" not in found:
        print("Generating the large wiki (once)…", flush=True)
        manage("generate_wiki", *size_args, env=env)


def addresses(env) -> dict:
    """One page of each kind from the generated wiki."""
    script = (
        "from wiki.models import Page\n"
        "for kind in ('episode', 'character', 'person', 'article'):\n"
        "    page = Page.objects.filter(kind=kind, slug__startswith='syn-')"
        ".order_by('pk')[100]\n"
        "    print(kind, page.get_absolute_url())\n"
    )
    out = shell(script, env)
    pages = {"ceiling": "/_bench/fixed/", "home": "/"}
    pages |= dict(line.split(" ", 1) for line in out.splitlines() if " /" in line)
    pages |= {"search": "/search/?q=amber+harbour", "recent changes": "/changes/"}
    return pages


def queries_per_page(pages, env) -> dict:
    script = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "out = {}\n"
        f"for name, url in {pages!r}.items():\n"
        "    client.get(url)\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        client.get(url)\n"
        "    out[name] = len(q)\n"
        "print(json.dumps(out))\n"
    )
    quiet = env | {"ALLOWED_HOSTS": "testserver"}
    out = shell(script, quiet)
    return json.loads(out.strip().splitlines()[-1])


def search_latency(env) -> str:
    """Search answers in-process, as a page would get them: p50 and p95 over
    queries readers would type (a page's title, or its first words), and the
    worst case, the wiki's most common word alone. 200 other queries run
    first, untimed, so the database's buffers are as a running site has them."""
    script = (
        "import random, time\n"
        "from bench.synthetic import VOCABULARY\n"
        "from wiki.models import Page\n"
        "from wiki.search import search\n"
        "from wiki.storytime import Progress\n"
        "rng = random.Random(7)\n"
        "titles = list(Page.objects.filter(slug__startswith='syn-')"
        ".order_by('pk').values_list('title', flat=True))\n"
        "def timed(query, progress):\n"
        "    started = time.perf_counter()\n"
        "    found = search(query, progress=progress).total\n"
        "    return (time.perf_counter() - started) * 1000, found\n"
        "for title in rng.sample(titles, 200):  # other queries warm the buffers\n"
        "    search(title, progress=Progress())\n"
        "for label, progress in (('everything', Progress()),"
        " ('at S2E3', Progress.parse('S2E3'))):\n"
        "    times = []\n"
        "    for title in rng.sample(titles, 200):\n"
        "        words = title.lower().split()\n"
        "        query = rng.choice((title, *(' '.join(words[:n]) for n in (1, 2))))\n"
        "        times.append(timed(query, progress)[0])\n"
        "    times.sort()\n"
        "    worst = sorted(timed(VOCABULARY[0], progress) for _ in range(20))[10]\n"
        "    print(f'search ({label}): p50 {times[100]:.1f} ms, p95 {times[190]:.1f} ms"
        " over 200 title queries; the commonest word alone ({worst[1]:,} results):"
        " {worst[0]:.1f} ms')\n"
    )
    return shell(script, env).strip()


class Server:
    """gunicorn with the settings of production (gunicorn.conf.py)."""

    def __init__(self, env, workers=None):
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "wiki.wsgi", "--bind", f"{HOST}:{PORT}",
                "--log-level", "warning",
                *(["--workers", str(workers)] if workers else []),
            ],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            # Another server on the port would answer in its place.
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: is port {PORT} taken?")
            try:
                urllib.request.urlopen(f"http://{HOST}:{PORT}/_bench/fixed/")  # noqa: S310
                time.sleep(0.5)
                if self.process.poll() is None:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_memory_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024)
        return sizes

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, *, seconds, connections, threads) -> dict:
    out = subprocess.run(
        [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
            "--latency", url,
        ],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors[1]) if errors else 0,
    }


def run_mode(env, pages, args):
    """Each page's figures, and the ceiling measured just before and just after
    it: these machines drift by a quarter within a run, so a page is set
    against the mean of the two ceilings around it."""
    server = Server(env, args.workers)

    def load(path):
        url = f"http://{HOST}:{PORT}{path}"
        wrk(url, seconds=2, connections=args.connections, threads=args.threads)
        return wrk(
            url,
            seconds=args.seconds,
            connections=args.connections,
            threads=args.threads,
        )

    try:
        results, ceilings = {}, [load(pages["ceiling"])["rps"]]
        for page, path in pages.items():
            if page != "ceiling":
                results[page] = load(path)
                ceilings.append(load(pages["ceiling"])["rps"])
                results[page]["ceiling"] = sum(ceilings[-2:]) / 2
        memory = server.worker_memory_mb()
    finally:
        server.stop()
    return results, ceilings, memory


def report(mode, results, ceilings, memory, queries):
    print(f"\n{mode}")
    print(
        f"ceiling (fixed bytes): {min(ceilings):,.0f}–{max(ceilings):,.0f} req/s "
        f"over {len(ceilings)} runs, one before and after each page"
    )
    print(f"{'page':<16}{'req/s':>9}{'of ceiling':>12}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'queries':>9}{'errors':>8}")  # fmt: skip
    for page, r in results.items():
        print(
            f"{page:<16}{r['rps']:>9.0f}{r['rps'] / r['ceiling']:>11.0%} "
            f"{r['p50']:>8.1f}{r['p99']:>9.1f}{queries.get(page, 0):>9}{r['errors']:>8}"
        )
    print(
        f"memory per worker ({len(memory)} workers): "
        + ", ".join(f"{m:.0f} MB" for m in memory)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, help="gunicorn's workers (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--small", action="store_true", help="a tenth of the data, to try it out"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    env = environment(**MODES[0][1])
    prepare(SMALL if args.small else [], env)
    pages = addresses(env)
    database = env["DATABASE_URL"].split(":", 1)[0]
    cache = env.get("CACHE_URL", "locmemcache://").split(":", 1)[0]
    print(
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {database}, "
        f"cache {cache}, gunicorn with {args.workers or 'gunicorn.conf.py’s'} "
        f"workers, wrk {args.threads} threads × {args.connections} connections × "
        f"{args.seconds} s"
    )
    print(search_latency(env))
    for mode, caches in MODES:
        mode_env = environment(**caches)
        queries = queries_per_page(pages, mode_env)
        report(mode, *run_mode(mode_env, pages, args), queries)


if __name__ == "__main__":
    main()
