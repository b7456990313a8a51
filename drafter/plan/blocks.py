"""The printed blocks of a text, the scope of a draft, and the alignment of two texts block by block.

A block is one paragraph of the printed constitution: a heading line or a
provision's own text, keyed by the provision's eId and its role. The redline
and the consolidated text are both laid out from these blocks; the redline
pairs the blocks of the base and the amended text by key (base eIds mapped
through the renumbering) and walks both in document order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from ..address import joined, several
from ..model import Constitution, Provision, num_key

#: Hanging indent for part numbers ("VIII.") and item numbers ("10."), in twips.
PART_HANG = 709
ITEM_HANG = 567

TITLE_STYLE = {"preamble": "Heading1", "transitional": "Heading1", "section": "Heading1",
               "chapter": "Heading2", "article": "Heading3"}


@dataclass(frozen=True)
class Block:
    """One printed paragraph: a heading line or a provision's own text."""

    eid: str  # the provision's eId in its own text
    kind: str
    role: str  # "title" or "text"
    label: str  # "I.", "4.", "Article 144." ("" when the block has no number)
    sep: str  # between label and body: "\t" after a part or item number, " " in a heading
    body: str
    style: str
    left: int | None = None  # indent in twips (None: the style's)
    hanging: int | None = None
    starts: tuple[str, ...] = ()  # eIds of the provisions whose first printed block this is

    @property
    def text(self) -> str:
        return f"{self.label}{self.sep}{self.body}"

    def key(self, renumbered: dict[str, str] | None = None) -> tuple[str, str]:
        """(eId in the amended numbering, role): what a base block and an amended block share."""
        return ((renumbered or {}).get(self.eid, self.eid), self.role)


def _title_parts(node: Provision) -> tuple[str, str, str]:
    if node.kind in ("preamble", "transitional"):
        return "", "", node.title_line or ""
    if node.heading:
        return f"{node.label}.", " ", node.heading
    return node.title_line or "", "", ""


def _indent(node: Provision, ancestors: list[Provision]) -> tuple[str, int | None, int | None]:
    """Style, left indent and hanging indent of a provision's own text."""
    inner = [a for a in ancestors if a.kind in ("part", "item")]
    base = sum(PART_HANG if a.kind == "part" else ITEM_HANG for a in inner)
    if node.kind == "part":
        return "Part", base + PART_HANG, PART_HANG
    if node.kind == "item":
        return "Item", base + ITEM_HANG, ITEM_HANG
    if node.kind == "paragraph":
        parent = ancestors[-1] if ancestors else None
        if parent is not None and parent.kind == "preamble":
            return "Preamble", None, None
        return "ProvisionText", base, None
    if node.kind == "preamble":
        return "Preamble", None, None
    return "ProvisionText", 0, None


def provision_blocks(node: Provision, ancestors: list[Provision] | None = None) -> Iterator[Block]:
    """The printed blocks of `node` and everything under it, in order (as `model.blocks` prints them)."""
    ancestors = list(ancestors or [])
    pending: list[str] = [node.eid]
    title = node.title_line
    if title is not None:
        label, sep, body = _title_parts(node)
        yield Block(node.eid, node.kind, "title", label, sep, body, TITLE_STYLE.get(node.kind, "Heading3"),
                    starts=tuple(pending))
        pending = []
    if node.text is not None:
        style, left, hanging = _indent(node, ancestors)
        if node.kind in ("part", "item"):
            label, sep = node.label, "\t"
        else:
            label, sep = "", ""
        yield Block(node.eid, node.kind, "text", label, sep, node.text, style, left, hanging, tuple(pending))
        pending = []
    inner = ancestors + [node]
    for child in node.children:
        for block in provision_blocks(child, inner):
            if pending:
                block = replace(block, starts=tuple(pending) + block.starts)
                pending = []
            yield block


# ---- scope -----------------------------------------------------------------------------

def unit_of(constitution: Constitution, eid: str) -> str | None:
    """The part of the text a draft shows whole for a change at `eid`: its chapter, or the
    preamble, the transitional provisions or a section (for a change to a section itself)."""
    node = constitution.get(eid)
    if node is None:
        return None
    chain = [node] + constitution.ancestors(eid)
    for p in chain:
        if p.kind == "chapter":
            return p.eid
    return chain[-1].eid


def text_blocks(constitution: Constitution, units: Iterable[str] | None = None) -> list[Block]:
    """Every printed block of the text, or only those of the given units (chapters, preamble,
    transitional provisions, sections), with the heading of each section a chapter is in."""
    wanted = None if units is None else set(units)
    out: list[Block] = []
    for top in constitution.body:
        if wanted is None or top.eid in wanted:
            out.extend(provision_blocks(top))
            continue
        if top.kind != "section":
            continue
        chapters = [c for c in top.children if c.eid in wanted]
        if not chapters:
            continue
        out.extend(b for b in provision_blocks(top.with_children(())) if b.role == "title")
        for chapter in chapters:
            out.extend(provision_blocks(chapter, [top]))
    return out


def _chapter_key(eid: str) -> tuple:
    try:
        return num_key("chapter", eid.split("_", 1)[1])
    except ValueError:
        return (10_000, 0)


def describe_units(units: Iterable[str]) -> str:
    """ "Chapters II, VIII and IX" style description of a scope, from the unit eIds alone."""
    units = set(units)
    chapters = sorted((u for u in units if u.startswith("chp_")), key=_chapter_key)
    names = []
    if "preamble" in units:
        names.append("the Preamble")
    for u in sorted(u for u in units if u.startswith("sec_")):
        names.append(f"the {('First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth')[int(u[4:]) - 1]} Part"
                     if u[4:].isdigit() and int(u[4:]) <= 6 else u)
    if chapters:
        nums = [c.split("_", 1)[1] for c in chapters]
        names.append(several("chapter", nums))
    if "transitional" in units:
        names.append("the Transitional Provisions")
    return joined(names)


# ---- alignment -------------------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    """A base block and the amended block it became; one of them None for a deleted or inserted one."""

    base: Block | None
    amended: Block | None


def align(base: list[Block], amended: list[Block], renumbered: dict[str, str]) -> list[Pair]:
    """The base and amended blocks walked together in document order.

    A key in both is a pair (its words are diffed); a key only in the base is
    a deleted paragraph, only in the amended text an inserted one. Where the
    two orders disagree (nothing the engine does moves a provision), the base
    block is shown deleted and the amended one inserted: never a wrong pair.
    """
    bkeys = [b.key(renumbered) for b in base]
    akeys = [a.key() for a in amended]
    in_a = set(akeys)
    in_b = set(bkeys)
    out: list[Pair] = []
    i = j = 0
    while i < len(base) or j < len(amended):
        if i < len(base) and j < len(amended) and bkeys[i] == akeys[j]:
            out.append(Pair(base[i], amended[j]))
            i += 1
            j += 1
        elif i < len(base) and bkeys[i] not in in_a:
            out.append(Pair(base[i], None))
            i += 1
        elif j < len(amended) and akeys[j] not in in_b:
            out.append(Pair(None, amended[j]))
            j += 1
        elif i < len(base):
            # Out of order: show it deleted here; its amended twin becomes an insertion.
            in_a.discard(bkeys[i])
            in_b.discard(bkeys[i])
            out.append(Pair(base[i], None))
            i += 1
        else:
            out.append(Pair(None, amended[j]))
            j += 1
    return out
