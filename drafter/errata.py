"""An edition's errata (`errata.yaml`): each defect of the source, corrected or kept, with its reason.

Its own module because two kinds of command read it: the importer applies the corrections when it
builds an edition, and `show` prints the defects kept in a provision (without loading the importer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DrafterError, Problem
from .fileio import read_data


@dataclass(frozen=True)
class Erratum:
    """One decision about a defect of the source: a correction, or a reasoned 'keep'."""

    id: str
    target: str
    action: str  # "delete", "substitute" or "keep"
    reason: str
    find: str | None = None
    replace: str | None = None
    field: str = "text"


ERRATA_ACTIONS = ("delete", "substitute", "keep")


def load_errata(path: Path) -> list[Erratum]:
    """The errata of an edition, checked for shape (each problem names the entry)."""
    data = read_data(path, "an errata file")
    entries = (data or {}).get("errata") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DrafterError(Problem("expected a mapping with an 'errata' list", file=str(path)))
    out, problems = [], []
    for i, e in enumerate(entries):
        where = f"errata[{i}]"
        if not isinstance(e, dict) or not {"id", "target", "action", "reason"} <= set(e):
            problems.append(Problem("needs id, target, action and reason", file=str(path), path=where))
            continue
        wrong = [k for k in ("target", "action", "reason", "find", "replace", "field")
                 if k in e and not isinstance(e[k], str)]
        if wrong:
            problems.append(Problem(f"{', '.join(wrong)} must be text", file=str(path), path=where))
            continue
        if e["action"] not in ERRATA_ACTIONS:
            problems.append(Problem(f"action {e['action']!r} is not one of {', '.join(ERRATA_ACTIONS)}",
                                    file=str(path), path=where))
            continue
        if e["action"] == "substitute" and not ("find" in e and "replace" in e):
            problems.append(Problem("a substitute needs find and replace", file=str(path), path=where))
            continue
        out.append(Erratum(str(e["id"]), e["target"], e["action"], e["reason"].strip(), e.get("find"),
                           e.get("replace"), e.get("field", "text")))
    if problems:
        raise DrafterError(problems)
    return out
