"""How long ``import slakit`` takes, next to ``import pydantic`` as a baseline.

Each import runs in a fresh interpreter (``python -c``), timed inside it with
``time.perf_counter`` around the import statement alone, so interpreter
start-up is left out. The two are measured alternately, N times each, and the
script prints the median and the fastest of each, and the ratio of the
medians: the machine's speed moves both, the ratio much less. The baseline is
``from pydantic import BaseModel`` (what any pydantic program pays). The
script exits 1 if the ratio of the medians is over ``--max-ratio`` (0.75 by
default: a busy machine slows both alike), or, on a full run, if the median of
``import slakit`` is over ``--budget`` (150 ms by default; with ``--smoke`` the
budget is reported, not enforced, since five runs on a busy machine say
little about absolute time).

It then shows what ``import slakit`` imported (no pydantic, no holidays, no
numpy, pandas, dask or matplotlib) and what the first use of a contract costs
on top: ``slakit.Contract(framework="kmp", ...)`` with its calendars, which
imports the models.

Run: python benchmarks/bench_import.py [--n 21] [--budget 150] [--max-ratio 0.75] [--smoke]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

TIMED = """
import json, sys, time
started = time.perf_counter()
{statement}
elapsed = time.perf_counter() - started
print(json.dumps([elapsed, sorted(sys.modules)]))
"""

SUBJECTS = {
    "import slakit": "import slakit",
    "from pydantic import BaseModel": "from pydantic import BaseModel",
    "import slakit, then a first Contract": (
        "import slakit\nslakit.Contract(framework='kmp', tier='premier', region='dublin')"
    ),
}
HEAVY = ("pydantic", "holidays", "numpy", "pandas", "dask", "matplotlib")


def once(statement: str) -> tuple[float, list[str]]:
    """Seconds the statement took in a fresh interpreter, and the modules it left loaded."""
    result = subprocess.run(
        [sys.executable, "-c", TIMED.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, modules = json.loads(result.stdout)
    return float(elapsed), list(modules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=21, help="fresh interpreters per subject")
    parser.add_argument("--budget", type=float, default=150.0, help="ms allowed for import slakit")
    parser.add_argument("--max-ratio", type=float, default=0.75,
                        help="largest ratio of import slakit to pydantic's")  # fmt: skip
    parser.add_argument("--smoke", action="store_true", help="5 runs each, for CI")
    args = parser.parse_args(argv)
    n = 5 if args.smoke else args.n

    times: dict[str, list[float]] = {name: [] for name in SUBJECTS}
    modules: list[str] = []
    for _ in range(n):  # alternate, so a busy moment hits every subject alike
        for name, statement in SUBJECTS.items():
            elapsed, loaded = once(statement)
            times[name].append(elapsed * 1000)
            if name == "import slakit":
                modules = loaded

    print(f"{n} fresh interpreters per subject (median, fastest):")
    width = max(map(len, SUBJECTS))
    for name, values in times.items():
        print(f"  {name:<{width}}  {statistics.median(values):7.1f} ms  {min(values):7.1f} ms")
    slakit_ms = statistics.median(times["import slakit"])
    pydantic_ms = statistics.median(times["from pydantic import BaseModel"])
    ratio = slakit_ms / pydantic_ms
    print(f"ratio import slakit / from pydantic import BaseModel: {ratio:.2f}")

    own = sorted(name for name in modules if name.split(".")[0] == "slakit")
    heavy = sorted({name.split(".")[0] for name in modules} & set(HEAVY))
    print(f"import slakit loaded {len(own)} slakit modules: {', '.join(own)}")
    print(f"heavy packages loaded by import slakit: {', '.join(heavy) or 'none'}")
    if heavy:
        print("FAIL: import slakit loads " + ", ".join(heavy))
        return 1
    if ratio > args.max_ratio:
        print(f"FAIL: import slakit took {ratio:.2f} times from pydantic import BaseModel, "
              f"over {args.max_ratio:g}")  # fmt: skip
        return 1
    within = slakit_ms <= args.budget
    verdict = "within" if within else "over"
    print(f"median import slakit {slakit_ms:.1f} ms: {verdict} the {args.budget:g} ms budget")
    if not within and not args.smoke:
        print("FAIL: over the budget")
        return 1
    print(f"OK: import slakit within {args.max_ratio:g} times pydantic's import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
