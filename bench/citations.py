"""Benchmark of citation scanning: "Article 144" repeated 1x, 10x and 100x, in `cite` and in `draft`.

Run by hand from the checkout (never part of the test suite; no test asserts a time):

    .venv/bin/python bench/citations.py                  # 8, 80 and 800 citations
    .venv/bin/python bench/citations.py --sizes 1,10,100,1000 --timeout 60

The unit is "Article 144 " eight times (96 bytes), so 100x is the 800 citations
(9.6 kB) of issue 14. Each size runs in a subprocess of its own (this file with
``--worker``) with a time limit, and measures, in-process:

- cite: `drafter.xref.check_citations` of the text, what `drafter cite` runs;
- draft: `drafter.draft.draft` of a one-edit template that gives Article 144 a
  new part whose words are the text (every document, report.json), what
  `drafter draft` runs.

Time per citation stays flat from 1x to 100x when scanning is linear.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = 8  # citations per 1x

TEMPLATE = """\
id: bench-citations
title: A part made of repeated citations
option: B9
kind: add-on
edition: az-1995-rev2009
author: bench
rationale: Benchmark of citation scanning.
argument: Benchmark of citation scanning.
edits:
  - op: insert
    into: Article 144
    rationale: The words are citations, repeated.
    provision:
      kind: part
      text: "{text}"
"""


def worker(factor: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from drafter.draft import draft
    from drafter.load import load_edition
    from drafter.xref import check_citations

    text = ("Article 144 " * (UNIT * factor)).strip()
    constitution = load_edition()
    t0 = time.perf_counter()
    found = check_citations(constitution, text)
    cite = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "bench-citations.yaml"
        template.write_text(TEMPLATE.format(text=text), encoding="utf-8")
        t0 = time.perf_counter()
        draft([str(template)], Path(tmp) / "out", date="2024-01-01")
        drafted = time.perf_counter() - t0
    return {"citations": len(found), "bytes": len(text), "cite": cite, "draft": drafted}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="multiples of the unit (8 citations)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed to each size")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    print(f"{'size':>6} {'citations':>9} {'bytes':>7} {'cite':>10} {'draft':>10} {'cite/citation':>14}")
    for factor in (int(s) for s in args.sizes.split(",")):
        try:
            out = subprocess.run([sys.executable, __file__, "--worker", str(factor)], capture_output=True,
                                 text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"{factor:>5}x {UNIT * factor:>9} {'':>7} {'> %.0f s' % args.timeout:>10}")
            continue
        except subprocess.CalledProcessError as exc:
            print(f"{factor:>5}x failed: {exc.stderr.strip().splitlines()[-1]}")
            continue
        r = json.loads(out.stdout)
        print(f"{factor:>5}x {r['citations']:>9} {r['bytes']:>7} {r['cite'] * 1000:>8.1f}ms "
              f"{r['draft'] * 1000:>8.1f}ms {r['cite'] / max(r['citations'], 1) * 1e6:>11.1f}us")


if __name__ == "__main__":
    main()
