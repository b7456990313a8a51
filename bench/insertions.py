"""Insertion into one container: the time to apply N new items to one part, for growing N.

    .venv/bin/python bench/insertions.py            # 1000, 2000, 4000, 8000
    .venv/bin/python bench/insertions.py 500 5000

Near-linear means the time per insertion stays flat as N grows. Printed, never asserted.
"""

from __future__ import annotations

import sys
import time

from drafter.amend import apply_templates
from drafter.load import load_edition
from drafter.template import Insert, Template


def template(n: int, edition: str) -> Template:
    edit = Insert({"kind": "item", "text": "An item;"}, "a test", into="Article 95, part I")
    return Template(id="bench", title="Bench insertions", option="B9", kind="add-on", edition=edition,
                    author="bench", rationale="bench", argument="bench", edits=(edit,) * n, path="bench.yaml")


def main(sizes: list[int]) -> None:
    base = load_edition()
    print(f"{'items':>8} {'seconds':>9} {'us/item':>9}")
    for n in sizes:
        t = template(n, base.edition.id)
        started = time.perf_counter()
        amendment = apply_templates(base, [t])
        seconds = time.perf_counter() - started
        assert len(amendment.changes) == n
        print(f"{n:>8} {seconds:>9.2f} {seconds / n * 1e6:>9.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2000, 4000, 8000])
