"""Paired timing of the engine's resolution of each change's final eId (`drafter.amend.final_eids`, once
`effects()` in render) against the quadratic way it was first written
(`tests/test_render_effects.py`), on the synthetic editions of `run.py`, in one process:

    .venv/bin/python bench/effects.py --sizes 1,10,100
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

import run as bench  # noqa: E402

from drafter.amend import apply_templates, final_eids  # noqa: E402
from drafter.load import from_json  # noqa: E402
from drafter.template import template_from_text  # noqa: E402
from test_render_effects import quadratic_effects  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    data = json.loads((ROOT / "constitution" / bench.EDITION / "constitution.json").read_text(encoding="utf-8"))
    print("| size | changes | final eIds (linear) | quadratic reference | ratio |")
    print("|---|---|---|---|---|")
    for factor in (int(s) for s in args.sizes.split(",")):
        big = bench.synthesize(data, factor) if factor > 1 else data
        amendment = apply_templates(from_json(big, "synthetic", checked=True),
                                    [template_from_text(bench.synthetic_template(big, factor), "synthetic.yaml")])
        new, old = [], []
        for _ in range(args.repeat):  # paired: each run times both, one after the other
            for fn, times in ((lambda a: final_eids(a.changes, a.amended), new), (quadratic_effects, old)):
                t = time.perf_counter()
                fn(amendment)
                times.append(time.perf_counter() - t)
        a, b = statistics.median(new), statistics.median(old)
        print(f"| {factor}x | {len(amendment.changes)} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.1f}x |")


if __name__ == "__main__":
    main()
