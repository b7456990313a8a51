"""The references an amendment breaks, found in proportion to what it changes.

`drafter check` holds each template, and each combination of them, against
the text they amend: a reference broken in the amended text is reported
unless the base already had it. Checking every reference of every amended
text repeats, per template, what the base text settles once. Here the base's
references are checked once (`TextReferences.of`), each with the provisions
its result depends on; an amendment then costs what it changes: the words it
writes are read and checked, and a reference of the base is checked again
only if a provision it depends on changed.

A result depends on the provisions its addresses and targets name and on all
that contains them by eId ("art_5" for "art_5__part_I__item_2"), on the
chapter it claims, and on nothing else: a range's members are its targets,
the repealed numbers it meets lie under its container. What changed is found
by identity, because the engine shares every provision it does not change
with the base text (`Constitution.with_subtree`); a text built otherwise
only costs more, never differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Constitution, Provision, make_eid
from .checking import BROKEN, RefResult, check_reference
from .finding import Reference, read_texts

if TYPE_CHECKING:
    from ..amend import Amendment

FIELDS = ("heading", "text")


@dataclass(frozen=True)
class TextReferences:
    """Every reference of a text checked once, with what each result depends on."""

    constitution: Constitution
    results: tuple[tuple[Reference, RefResult], ...]
    #: The broken ones as (citing eId, words, status): what identifies one in an amended text too.
    broken: frozenset[tuple[str | None, str, str]]
    #: eId -> the indexes of the results that depend on it.
    depending: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, constitution: Constitution) -> "TextReferences":
        """The references of `constitution`, each checked."""
        results = []
        depending: dict[str, list[int]] = {}
        places = [(node.eid, field, words) for node in constitution.walk() for field in FIELDS
                  for words in [getattr(node, field)] if words]
        for (eid, field, _), refs in zip(places, read_texts([(words, eid) for eid, _, words in places])):
            for ref in refs:
                result = check_reference(constitution, ref, eid, field)
                for depended in _depends_on(ref, result):
                    depending.setdefault(depended, []).append(len(results))
                results.append((ref, result))
        broken = frozenset((r.source, r.text, r.status) for _, r in results if r.status in BROKEN)
        return cls(constitution, tuple(results), broken, {k: tuple(v) for k, v in depending.items()})

    def broken_after(self, amendment: Amendment) -> list[RefResult]:
        """The broken references of the amended text, in text order, less those the base had unchanged.

        Those left out are broken in the base as they are in the amended text (same words, same
        provision, same result), so they are in `broken`: a caller that leaves out what the base
        had gets what checking the whole amended text would give it.
        """
        if amendment.base is not self.constitution:
            raise ValueError("the amendment is not of this text")  # a programming error, not bad data
        base, amended = self.constitution, amendment.amended
        changed, nodes = _changed(base, amended)
        moved = set(amendment.renumbered) | set(amendment.renumbered.values())
        found: list[tuple[str, int, RefResult]] = []  # (source, field rank, result)
        reread = set()
        for node in nodes:
            old = base.get(node.eid)
            if old is not None and (old.heading, old.text) == (node.heading, node.text) and not any(
                    p in moved for p in _prefixes(node.eid)):
                continue  # the same words in the same place: the base's results stand, or are re-checked below
            reread.add(node.eid)
        # Read together, as the base is: what reading an amendment's words found is remembered too.
        places = [(node.eid, rank, field, words) for node in nodes if node.eid in reread
                  for rank, field in enumerate(FIELDS) for words in [getattr(node, field)] if words]
        for (eid, rank, field, _), refs in zip(places, read_texts([(words, eid) for eid, _, _, words in places])):
            for ref in refs:
                found.append((eid, rank, check_reference(amended, ref, eid, field)))
        again = sorted({i for eid in changed for i in self.depending.get(eid, ())})
        for i in again:
            ref, before = self.results[i]
            if before.source in reread or before.source not in amended:
                continue
            found.append((before.source, FIELDS.index(before.field), check_reference(amended, ref, before.source,
                                                                                     before.field)))
        broken = [(source, rank, r) for source, rank, r in found if r.status in BROKEN]
        order = {source: _position(amended, source) for source in {source for source, _, _ in broken}}
        return [r for _, _, r in sorted(broken, key=lambda x: (order[x[0]], x[1], x[2].start))]


def _prefixes(eid: str) -> list[str]:
    """`eid` and the eIds it starts with: "art_5", "art_5__part_I" and "art_5__part_I__item_2"."""
    pieces = eid.split("__")
    return ["__".join(pieces[:k]) for k in range(1, len(pieces) + 1)]


def _depends_on(ref: Reference, result: RefResult) -> set[str]:
    """The eIds whose provisions decide `result`: none when reading alone decided it."""
    if ref.missing is not None or ref.status is not None:
        return set()
    out = set()
    for address in ref.addresses:
        for eid in address.eids:
            out.update(_prefixes(eid))
        if address.chapter:
            out.add(make_eid(None, "chapter", address.chapter))
    for target in result.targets:
        out.update(_prefixes(target))
    return out


def _changed(base: Constitution, amended: Constitution) -> tuple[set[str], list[Provision]]:
    """The eIds whose provisions differ between the texts (either side) and the amended text's
    provisions among them. Provisions the texts share (the same objects) are not visited."""
    changed: set[str] = set(base.repealed ^ amended.repealed)
    nodes: list[Provision] = []

    def visit(old_children: tuple[Provision, ...], new_children: tuple[Provision, ...]) -> None:
        old = {c.eid: c for c in old_children}
        for new in new_children:
            was = old.pop(new.eid, None)
            if was is new:
                continue
            if was is None:
                for d in new.walk():
                    changed.add(d.eid)
                    nodes.append(d)
                continue
            changed.add(new.eid)
            nodes.append(new)
            visit(was.children, new.children)
        for gone in old.values():
            changed.update(d.eid for d in gone.walk())

    visit(base.body, amended.body)
    return changed, nodes


def _position(text: Constitution, eid: str) -> tuple[int, ...]:
    """Where a provision stands in document order: its index among its siblings, at each level."""
    chain = [text.get(eid)] + text.ancestors(eid)
    out = []
    for node, parent in zip(chain, chain[1:] + [None]):
        siblings = parent.children if parent is not None else text.body
        out.append(next(i for i, s in enumerate(siblings) if s is node))
    return tuple(reversed(out))
