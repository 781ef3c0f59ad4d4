"""
Reading while people edit: `python bench/edits.py` (or `make bench-edits`).

Loads the seeded wiki once (SQLite by default, DATABASE_URL for PostgreSQL),
starts gunicorn with production settings and a shared Redis cache
(CACHE_URL, by default database 9 of the local Redis), and loads every page
of the wiki in turn with wrk, as anonymous readers whose browsers accept
compressed pages, while a contributor saves no edit, one edit a second and
ten a second (through the services the site's edit form uses, in a process
of its own). Each figure is given as a fraction of a view returning fixed
bytes under the same server, measured just before and after it.

Every run is made twice: with invalidation narrowed to what shows an edit
(the default), and with every edit making every page stale (what the wiki
did before, NARROW_INVALIDATION=false). Meanwhile a reader of its own asks,
over and over, for pages just edited: a page older than an edit whose save
had finished before the request was sent counts as stale, and there must be
none.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import DATA, HOST, PORT, ROOT, Server, manage, shell  # noqa: E402
from bench.run import environment as bench_environment  # noqa: E402

ENCODINGS = "gzip, deflate, br"
MARKER = re.compile(rb"Bench edit (\d+)\.")
RATES = (0, 1, 10)

# The contributor: edits pages of the set at `rate` a second for `seconds`,
# printing each page's address and the edit's number once it has committed.
EDITOR = """
import random, sys, time
from wiki import services
from wiki.models import Page
from wiki.services import typed
rate, seconds, first = {rate}, {seconds}, {first}
pages = list(Page.objects.filter(kind__in=("article", "character", "episode"))
             .order_by("pk"))
rng = random.Random(first)
number, started = first, time.monotonic()
while time.monotonic() - started < seconds:
    page = typed(rng.choice(pages))
    page.refresh_from_db()
    body = page.body.split("\\n\\nBench edit ")[0]
    services.revise_page(
        page=page, author=None, base_revision=None,
        changes={{"body": f"{{body}}\\n\\nBench edit {{number}}."}},
        summary="Benchmark",
    )
    print(page.get_absolute_url(), number, flush=True)
    number += 1
    time.sleep(max(0.0, started + (number - first) / rate - time.monotonic()))
"""


def environment(narrow: bool) -> dict:
    return bench_environment(
        "seed.sqlite3",
        CACHE_URL=os.environ.get("CACHE_URL", "rediscache://127.0.0.1:6379/9"),
        NARROW_INVALIDATION=str(narrow),
        # Generated anew each run: the last run's cache entries go unread.
        RELEASE=f"bench-{time.time_ns()}",
    )


def prepare(env) -> list[str]:
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "--verbosity", "0", env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    probe = "from wiki.models import Page; print(Page.objects.exists())"
    if "True" not in shell(probe, env):
        print("Loading the seed (once)…", flush=True)
        manage("load_seed", "--verbosity", "0", env=env)
        manage("rebuild_search", "--verbosity", "0", env=env)
    script = (
        "from wiki.models import Page\n"
        "for page in Page.objects.order_by('pk'):\n"
        "    print(page.get_absolute_url())\n"
    )
    # The shell says first how many objects it imported: keep the addresses.
    found = [line for line in shell(script, env).splitlines() if line[:1] == "/"]
    return ["/", *found]


def lua(paths: list[str]) -> Path:
    """A wrk script asking for each page in turn, as a browser would."""
    script = DATA / "pages.lua"
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local i = math.random(#paths)\n"
        f'wrk.headers["Accept-Encoding"] = "{ENCODINGS}"\n'
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )
    return script


def wrk(args, *, script=None, path="/") -> float:
    out = subprocess.run(
        [
            "wrk", f"-t{args.threads}", f"-c{args.connections}",
            f"-d{args.seconds}s", "-H", f"Accept-Encoding: {ENCODINGS}",
            *(["-s", str(script)] if script else []), f"http://{HOST}:{PORT}{path}",
        ],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        print(f"  ({errors[1]} responses were not 2xx or 3xx)")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


class Editor:
    """The contributor's process, and what it has saved so far."""

    def __init__(self, env, rate, seconds, first):
        script = EDITOR.format(rate=rate, seconds=seconds, first=first)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.saved: dict[str, int] = {}  # address → the last edit saved
        self.count = 0
        self.thread = threading.Thread(target=self._follow, daemon=True)
        self.thread.start()

    def _follow(self):
        for line in self.process.stdout:
            if match := re.fullmatch(r"(\S+) (\d+)", line.strip()):
                self.saved[match[1]] = int(match[2])
                self.count += 1

    def wait(self):
        self.process.wait(timeout=120)
        self.thread.join(timeout=10)


class Checker(threading.Thread):
    """A reader asking for pages just edited: each answer must hold the last
    edit whose save had finished when it asked."""

    def __init__(self, editor):
        super().__init__(daemon=True)
        self.editor, self.checked, self.stale = editor, 0, []
        self.running = True

    def run(self):
        rng = random.Random(1)
        while self.running:
            if not self.editor.saved:
                time.sleep(0.05)
                continue
            path, expected = rng.choice(list(self.editor.saved.items()))
            request = urllib.request.Request(f"http://{HOST}:{PORT}{path}")
            with urllib.request.urlopen(request) as response:  # noqa: S310
                seen = [int(n) for n in MARKER.findall(response.read())]
            self.checked += 1
            if not seen or max(seen) < expected:
                self.stale.append((path, expected, max(seen, default=None)))


def measure(env, paths, args, first) -> list[dict]:
    server = Server(env, args.workers)
    script = lua(paths)
    results = []
    try:
        for path in paths:  # every page once, as readers had them before
            urllib.request.urlopen(f"http://{HOST}:{PORT}{path}").read()  # noqa: S310
        for rate in RATES:
            before = wrk(args, path="/_bench/fixed/")
            editor = checker = None
            if rate:
                editor = Editor(env, rate, args.seconds + 2, first)
                checker = Checker(editor)
                checker.start()
                time.sleep(1)
            rps = wrk(args, script=script)
            if editor:
                checker.running = False
                editor.wait()
                checker.join(timeout=30)
                first += editor.count + 1
            after = wrk(args, path="/_bench/fixed/")
            results.append({
                "rate": rate,
                "rps": rps,
                "ceiling": (before + after) / 2,
                "edits": editor.count if editor else 0,
                "checked": checker.checked if checker else 0,
                "stale": checker.stale if checker else [],
            })  # fmt: skip
    finally:
        server.stop()
    return results


def report(label, results):
    print(f"\n{label}")
    print(f"{'edits/s':>8}{'req/s':>9}{'ceiling':>9}{'of ceiling':>12}"
          f"{'edits':>7}{'checked':>9}{'stale':>7}")  # fmt: skip
    for r in results:
        print(
            f"{r['rate']:>8}{r['rps']:>9.0f}{r['ceiling']:>9.0f}"
            f"{r['rps'] / r['ceiling']:>11.0%} {r['edits']:>6}{r['checked']:>9}"
            f"{len(r['stale']):>7}"
        )
        for path, expected, seen in r["stale"][:5]:
            print(f"  stale: {path} showed edit {seen}, {expected} was saved")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, help="gunicorn's workers")
    args = parser.parse_args()
    env = environment(narrow=True)
    paths = prepare(env)
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {database}, "
        f"cache {env['CACHE_URL'].split(':', 1)[0]}, {len(paths)} pages, "
        f"wrk {args.threads} threads × {args.connections} connections × "
        f"{args.seconds} s a run"
    )
    failed = False
    modes = (
        (False, "Every edit makes every page stale (before)"),
        (True, "Edits make stale what shows them (now)"),
    )
    for narrow, label in modes:
        results = measure(
            environment(narrow), paths, args, first=1_000_000 * (1 + narrow)
        )
        report(label, results)
        failed |= any(r["stale"] for r in results)
    if failed:
        sys.exit("Some readers got pages older than an edit they could have seen.")


if __name__ == "__main__":
    main()
