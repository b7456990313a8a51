"""What an amendment touches: the references elsewhere in the text to what it changes, repeals or
renumbers, the consequential amendments a drafter must consider."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..address import Address, citation_of
from ..errors import DrafterError
from ..model import Constitution, num_key
from .checking import RefResult, check_reference
from .finding import Reference, find_references
from .known import KnownDefect, load_known
from .resolving import place_items

if TYPE_CHECKING:
    from ..amend import Amendment

def impact(base: Constitution, changed_eids: set[str], repealed_eids: set[str],
           renumbered: dict[str, str], known: list[KnownDefect] | None = None) -> list[RefResult]:
    """The references elsewhere in `base` to what an amendment changes, repeals or renumbers.

    These are the consequential amendments a drafter must consider. A
    reference is touched when it names a provision the amendment touches or
    one inside it ("Article 130, part III, item 7" when part III changes), or
    when it is a range that a provision the amendment inserts (an eId of
    `changed_eids` not in `base`) now falls into. A reference to a container
    of what changes ("Chapter III", "this Article") still holds, so it is not
    listed. References from the words the amendment rewrites or repeals are
    left out: those words are going. Each result's status says what the
    amendment does to the target: ``repealed``, else ``renumbered``, else
    ``changed``.

    A reference kept as a known defect of the source (`known`) that says which provision it can
    only mean is re-checked against that provision: repealed or renumbered, it is reported with
    the erratum's id.
    """
    inserted = {e for e in changed_eids if e not in base}
    defects = {(k.source, k.text, k.status): k for k in known or () if k.meant}
    touched = [("repealed", set(repealed_eids)), ("renumbered", set(renumbered)), ("changed", set(changed_eids))]
    # The words of repealed provisions are going: skip them (the repealed provisions and all they hold).
    gone = {d.eid for e in repealed_eids if e in base for d in base.get(e).walk()}
    elsewhere = [e for e in repealed_eids if e not in base]
    out = []
    for node in base.walk():
        if node.eid in changed_eids or node.eid in gone or any(_within(base, node.eid, e) for e in elsewhere):
            continue
        for field in ("heading", "text"):
            words = getattr(node, field)
            if not words:
                continue
            for ref in find_references(words, node.eid):
                r = check_reference(base, ref, node.eid, field)
                defect = defects.get((r.source, r.text, r.status))
                if defect is not None:
                    out.extend(_defect_touched(base, ref, r, defect, touched[:2], renumbered, inserted))
                    continue
                hit = _touch(base, ref, r, node.eid, touched, renumbered, inserted)
                if hit:
                    status, targets, reason = hit
                    out.append(RefResult(r.source, r.field, r.text, r.start, r.end, r.form, status, targets,
                                         reason, r.citation))
    return out


def _defect_touched(base: Constitution, ref: Reference, r: RefResult, defect: KnownDefect,
                    touched: list[tuple[str, set[str]]], renumbered: dict[str, str],
                    inserted: set[str]) -> list[RefResult]:
    """A kept defective reference whose only possible target the amendment repeals or renumbers."""
    meant = replace(r, targets=(defect.meant,))
    hit = _touch(base, ref, meant, r.source, touched, renumbered, inserted)
    if not hit:
        return []
    status, targets, reason = hit
    kept = f"a defect of the source kept as erratum {defect.erratum}" if defect.erratum else "a known defect of the source"
    action = reason.rsplit("; the amendment ", 1)[1]
    why = (f"{citation_of(r.source)} cites {r.text!r} ({kept}; it can only mean {citation_of(defect.meant)}); "
           f"the amendment {action}")
    return [RefResult(r.source, r.field, r.text, r.start, r.end, r.form, status, targets, why, r.citation)]


def _within(base: Constitution, eid: str, container: str) -> bool:
    """Whether `eid` is `container` or inside it (by the tree, or by eId for provisions not in `base`)."""
    if eid == container or eid.startswith(container + "__"):
        return True
    return any(p.eid == container for p in base.ancestors(eid))


def _containers(base: Constitution, eid: str) -> frozenset[str]:
    """Every eId `_within(base, eid, x)` holds for: `eid`, the provisions containing it, and the
    eIds it starts with ("art_5" and "art_5__part_I" for "art_5__part_I__item_2"); found once."""
    pieces = eid.split("__")
    prefixes = ["__".join(pieces[:k]) for k in range(1, len(pieces))]
    return frozenset([eid] + [p.eid for p in base.ancestors(eid)] + prefixes)


def _touch(base: Constitution, ref: Reference, r: RefResult, source: str, touched: list[tuple[str, set[str]]],
           renumbered: dict[str, str], inserted: set[str]) -> tuple[str, tuple[str, ...], str] | None:
    chains = {t: _containers(base, t) for t in r.targets}
    source_chain = None
    for status, eids in touched:
        # Each target with the touched eIds it lies in, in eId order: a few set lookups per
        # target rather than a test of every touched eId.
        hits = [(t, e) for t in r.targets for e in sorted(chains[t] & eids)]
        if status == "renumbered" and "this-" in r.form and hits:
            # "part III of this Article" moves with its article when the whole article is renumbered.
            source_chain = source_chain or _containers(base, source)
            hits = [(t, e) for t, e in hits if e not in source_chain]
        if status == "changed":
            hits += _ranges_taking(base, ref, inserted)
        if hits:
            t, e = hits[0]
            action = {"repealed": f"repeals {citation_of(e)}",
                      "renumbered": f"renumbers {citation_of(e)} as {citation_of(renumbered.get(e, e))}",
                      "changed": f"{'inserts' if e in inserted else 'changes'} {citation_of(e)}"}[status]
            return (status, tuple(dict.fromkeys(t for t, _ in hits)),
                    f"{citation_of(source)} cites {r.citation}; the amendment {action}")
    return None


def _ranges_taking(base: Constitution, ref: Reference, inserted: set[str]) -> list[tuple[str, str]]:
    """(range start, new eId) for each inserted provision a range of `ref` now covers."""
    out = []
    for a in ref.addresses:
        if a.end is None:
            continue
        a, _ = place_items(base, a)
        kind = a.kind
        parent = Address(a.steps[:-1]).eid if len(a.steps) > 1 else None
        lo, hi = num_key(kind, a.steps[-1][1]), num_key(kind, a.end)
        for eid in sorted(inserted):
            try:
                new = Address.from_eid(eid)
            except DrafterError:
                continue
            new_parent = Address(new.steps[:-1]).eid if len(new.steps) > 1 else None
            if new.kind == kind and new_parent == parent and lo <= num_key(kind, new.steps[-1][1]) <= hi:
                out.append((a.eids[0], eid))
    return out


def impact_of(amendment: "Amendment") -> list[RefResult]:
    """`impact` of an amendment, from its change list."""
    changed = {c.base_eid or c.eid for c in amendment.changes if c.kind in ("substitute", "replace", "insert")}
    repealed = {c.base_eid for c in amendment.changes if c.kind == "repeal" and c.base_eid}
    return impact(amendment.base, changed, repealed, dict(amendment.renumbered),
                  load_known(amendment.base.edition.id))
