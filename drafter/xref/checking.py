"""Checking the references of a text: each found reference resolved into a `RefResult` with a status
from `STATUSES` and a one-sentence reason.

Problems are values, never exceptions: the caller decides what fails (`BROKEN`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..address import Address, citation_of
from ..errors import Problem, UnknownProvision
from ..model import Constitution
from .finding import Reference, find_references
from .resolving import place_items, resolve_address

#: Every status a checked reference can have, from fine to worst: a list reports its worst member.
#: "off-topic" only comes from free text (`check_citations`).
STATUSES = ("ok", "external", "off-topic", "ambiguous", "incomplete", "partial-range", "wrong-container",
            "repealed", "dangling")
#: The statuses that make a reference wrong as written.
BROKEN = frozenset(STATUSES[2:])


@dataclass(frozen=True)
class RefResult:
    """A reference checked against a constitution: what it names, or why it names nothing."""

    source: str | None  # eId of the citing provision; None for free text
    field: str  # "heading" or "text" of the source; "" for free text
    text: str
    start: int
    end: int
    form: str
    status: str
    targets: tuple[str, ...] = ()
    reason: str = ""
    citation: str | None = None  # what the reference names, as drafter writes it

    @property
    def where(self) -> str:
        """The citing provision as a citation ("Article 130, part V"), or "text"."""
        return citation_of(self.source) if self.source else "text"

    def to_dict(self) -> dict:
        return {"source": self.source, "where": self.where, "field": self.field, "text": self.text,
                "start": self.start, "end": self.end, "form": self.form, "status": self.status,
                "citation": self.citation, "targets": list(self.targets), "reason": self.reason}

    def line(self) -> str:
        """One line for the terminal: where, status, the words, and why."""
        return result_line(self.to_dict())


def result_line(result: dict) -> str:
    """A checked reference (`RefResult.to_dict`) in one line: where, status, the words, and why."""
    why = result["reason"] or result["citation"]
    head = f"{result['where']}: " if result["source"] else ""
    return f"{head}{result['status']}: {result['text']!r} [{result['form']}]" + (f": {why}" if why else "")


def check_reference(constitution: Constitution, ref: Reference, source: str | None, field: str) -> RefResult:
    """One found reference checked against `constitution`: its worst status, targets and reason."""

    def result(status: str, targets: tuple[str, ...] = (), reason: str = "", citation: str | None = None):
        return RefResult(source, field, ref.text, ref.start, ref.end, ref.form, status, targets, reason, citation)

    if ref.missing is not None:
        return result("incomplete", (), _missing_reason(constitution, ref))
    if ref.status is not None:
        return result(ref.status, (), ref.reason)
    if not ref.addresses:
        return result("ok")
    outcomes = [resolve_address(constitution, a) for a in ref.addresses]
    status = max((o[0] for o in outcomes), key=STATUSES.index)
    targets = tuple(t for o in outcomes for t in o[1])
    reason = "; ".join(o[2] for o in outcomes if o[2])
    return result(status, targets, reason, "; ".join(o[3].citation for o in outcomes))


def _missing_reason(constitution: Constitution, ref: Reference) -> str:
    """Why a citation with a number left out names nothing, and which provision would fit."""
    if not ref.addresses:
        return ref.reason
    placed, _ = place_items(constitution, ref.addresses[0])
    if placed is not ref.addresses[0]:
        article = Address(placed.steps[:-2]).citation
        items = ref.addresses[0].citation.split(", ")[-1]
        return f"{ref.reason}; of the parts of {article} only part {placed.steps[-2][1]} has {items}"
    return ref.reason


def check_references(constitution: Constitution, eids: Iterable[str] | None = None) -> list[RefResult]:
    """Every reference in the headings and texts of the provisions (all, or those of `eids`), checked.

    Only the provisions' own words are read, not their children's, so a
    caller checking what an amendment inserted passes each new eId.
    """
    if eids is None:
        nodes = list(constitution.walk())
    else:
        eids = list(eids)
        unknown = [e for e in eids if e not in constitution]
        if unknown:
            raise UnknownProvision([Problem(f"no provision {e} to check") for e in unknown])
        nodes = [constitution.get(e) for e in eids]
    out = []
    for node in nodes:
        for field in ("heading", "text"):
            words = getattr(node, field)
            if words:
                out.extend(check_reference(constitution, ref, node.eid, field)
                           for ref in find_references(words, node.eid))
    return out
