"""How long `make check` takes: wall and CPU time of its lint and of its test run, as JSON.

    .venv/bin/python bench/check_time.py [--workers 2] [--runs 3]
                                         [--out bench/results/check-time.json]
                                         [-- extra pytest options, e.g. --durations=30]

Runs the two halves of `make check` (ruff + mypy, then pytest with the Makefile's markers: no
e2e, live, scale or exhaustive test) one after the other and reports each one's wall time and
the CPU time (user + sys) of its processes. Other work on the machine stretches the wall time,
not the CPU time, so compare CPU time across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# The tests `make check` runs, read from its recipe so that the two never differ.
MARKERS = re.search(r'^check:.*?-m "([^"]+)"', (ROOT / "Makefile").read_text(),
                    re.M | re.S).group(1)  # type: ignore[union-attr]
SUMMARY_RE = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)")


def timed(command: list[str], env: dict[str, str] | None = None
          ) -> tuple[dict[str, float], str]:
    """Run ``command`` in the repository; its wall time, its CPU time and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                            env=env)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"{' '.join(command)} failed with exit code {result.returncode}")
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    times = {"wall_s": round(wall, 1), "user_s": round(user, 1), "sys_s": round(system, 1),
             "cpu_s": round(user + system, 1)}
    return times, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2", help="pytest-xdist's -n (default 2)")
    parser.add_argument("--runs", type=int, default=1,
                        help="run the test half this many times; the median run is reported")
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest options, after --")
    args = parser.parse_args()

    load = [round(x, 2) for x in os.getloadavg()]
    lint: dict[str, float] = {}
    for name, command in (("ruff", [str(BIN / "ruff"), "check", "workshop", "tests", "bench"]),
                          ("mypy", [str(BIN / "mypy")])):
        lint[name] = timed(command)[0]
    # As `make check` runs it: bytecode cached even if the environment says not to.
    runs = [timed([str(BIN / "pytest"), "-q", "-n", args.workers, "-m", MARKERS,
                   "--hypothesis-profile=check", "-p", "no:cacheprovider", *args.pytest_args],
                  env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
            for _ in range(args.runs)]
    tests, output = sorted(runs, key=lambda run: run[0]["wall_s"])[len(runs) // 2]
    counts = {word.rstrip("s") if word.startswith("error") else word: int(number)
              for number, word in SUMMARY_RE.findall(output.splitlines()[-1])}
    total = {key: round(sum(part[key] for part in (*lint.values(), tests)), 1)
             for key in ("wall_s", "cpu_s")}
    report = {
        "about": "`make check`: ruff and mypy, then pytest -m \"" + MARKERS + "\" "
                 "--hypothesis-profile=check",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_before": load},
        "workers": args.workers,
        "bytecode_cached": True,  # PYTHONDONTWRITEBYTECODE emptied, as the Makefile does
        "lint": lint,
        "tests": {**tests, "counts": counts},
        "runs": [run[0] for run in runs],
        "total": total,
    }
    if args.pytest_args:
        report["pytest_output_tail"] = output.splitlines()[-80:]
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
