"""Time and peak memory of importing the hostile-file corpus, and of the worker process the upload path starts.

    python benchmarks/bench_hostile.py            # the whole corpus (tests/hostile/make_corpus.py), then the worker

Each corpus file is imported in its own forked child under the worker's limits (``tests/hostile/harness.py``); the
figures are each child's wall time and maximum resident set (``wait4``). The worker figures are the upload path's
own: a fresh ``python -m dashboard.ingest.worker`` per file, so they include the interpreter's start and imports.
Prints figures and asserts nothing. Target: the corpus test under about 3 minutes, every import under 2 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashboard.ingest.worker import run_worker  # noqa: E402
from tests.hostile import make_corpus  # noqa: E402

WORKER_FILES = ["xlsx-far-corner.xlsx", "bomb-repeated-row.csv.gz", "nul-padded.csv", "size-many-rows.csv.gz"]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        entries = make_corpus.make(work / "corpus")
        print(f"corpus: {len(entries)} files generated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tests.hostile.harness", str(work / "corpus"), str(work / "store"), str(work / "r")],
            cwd=REPO,
            check=True,
        )
        total = time.perf_counter() - started
        records = [json.loads(line) for line in (work / "r").read_text(encoding="utf-8").splitlines()]
        families: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            families[record["name"].split("-")[0]].append(record)
        print(f"all {len(records)} imports: {total:.1f} s")
        print(f"{'family':<10} {'files':>5} {'refused':>7} {'max s':>6} {'max MB':>7}")
        for family, group in sorted(families.items()):
            refused = sum((r["result"] or {}).get("outcome") != "report" for r in group)
            print(
                f"{family:<10} {len(group):>5} {refused:>7} {max(r['seconds'] for r in group):>6.2f} "
                f"{max(r['peak_mb'] for r in group):>7.0f}"
            )
        worst = max(records, key=lambda r: r["peak_mb"])
        print(f"largest peak: {worst['peak_mb']:.0f} MB ({worst['name']})")
        for name in WORKER_FILES:
            run = run_worker(work / "corpus" / name, work / "worker-store")
            outcome = "imported" if run.report else f"refused: {str(run.error)[:70]}"
            print(f"worker {name}: {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB, {outcome}")


if __name__ == "__main__":
    main()
