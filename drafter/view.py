"""Plain-text views of the constitution for the terminal: a provision, the outline, the errata."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .address import Address, citation_of, compress
from .model import Constitution, Provision, blocks

if TYPE_CHECKING:
    from .amend import Amendment, Change
    from .errata import Erratum


def provision_text(node: Provision) -> str:
    """The provision as printed in the constitution, one block a line."""
    return "\n".join(text for _, _, text in blocks(node))


def provision_json(constitution: Constitution, node: Provision) -> dict:
    """A provision for machines: citation, eId, place, text, and its children."""
    chapter = constitution.chapter_of(node.eid)

    def tree(n: Provision) -> dict:
        out = {"eId": n.eid, "citation": citation_of(n.eid), "kind": n.kind, "num": n.num}
        if n.heading is not None:
            out["heading"] = n.heading
        if n.text is not None:
            out["text"] = n.text
        if n.children:
            out["children"] = [tree(c) for c in n.children]
        return out

    out = tree(node)
    out["chapter"] = citation_of(chapter.eid) if chapter else None
    out["edition"] = constitution.edition.id
    out["printed"] = provision_text(node)
    return out


def _contents(node: Provision) -> str:
    kinds = {}
    for c in node.children:
        kinds.setdefault(c.kind, []).append(c.num)
    words = {"part": "parts", "item": "items", "paragraph": "paragraphs"}
    return "; ".join(f"{words.get(k, k)} {compress(v)}" for k, v in kinds.items() if k in words)


def outline(constitution: Constitution, within: Provision | None = None, depth: str = "article") -> list[str]:
    """The table of contents: one line per provision, its citation first, down to `depth`."""
    stop = {"article": ("article",), "part": ("article", "part"), "item": ("article", "part", "item")}[depth]
    lines = []

    def visit(node: Provision, indent: int) -> None:
        if node.kind in ("paragraph",) or (node.kind in ("part", "item") and node.kind not in stop):
            return
        cite = citation_of(node.eid)
        label = node.heading or ""
        if node.kind in ("part", "item"):
            label = (node.text or "")[:70] + ("..." if node.text and len(node.text) > 70 else "")
        extra = _contents(node) if node.kind == "article" and depth == "article" else ""
        line = "  " * indent + cite + (f"  {label}" if label else "") + (f"  [{extra}]" if extra else "")
        lines.append(line)
        if node.kind in ("preamble",) or (node.kind == "article" and depth == "article"):
            return
        for child in node.children:
            visit(child, indent + 1)

    for top in ([within] if within else constitution.body):
        visit(top, 0)
    return lines


def errata_lines(errata: list[Erratum]) -> list[str]:
    """The edition's errata, one entry a paragraph: what was done where, and why."""
    out = []
    for e in errata:
        what = {"delete": "deleted", "substitute": "corrected", "keep": "kept as in the source"}[e.action]
        out.append(f"{e.id}  {e.target}: {what}")
        if e.action == "substitute":
            out.append(f"    {e.find.strip()!r} -> {e.replace!r}")
        out.append(f"    {e.reason}")
    return out


def kept_errata(errata: list[Erratum], node: Provision) -> list[str]:
    """One line for each kept defect of the source in `node` or a provision inside it.

    The reader of a `find` or `expect` must know when the words are the translation's, not the law's.
    """
    out = []
    for e in errata:
        eid = Address.parse(e.target).eid
        if e.action == "keep" and (eid == node.eid or eid.startswith(node.eid + "__")):
            first = re.split(r"(?<=[a-z0-9)\"'][.])\s+(?=[A-Z(\"])", " ".join(e.reason.split()), maxsplit=1)[0]
            if len(first) > 150:
                first = first[:150].rsplit(" ", 1)[0] + " ..."
            out.append(f"[{e.id} kept erratum, {e.target}] {first}")
    return out


def _shown(node: Provision | None, change: "Change") -> str:
    """What a change's diff shows: words substituted and renumberings touch only the
    provision's own line (its children may be changed by other edits); the rest, all of it."""
    if node is None:
        return ""
    if change.kind in ("substitute", "renumber"):
        own = [text for p, _, text in blocks(node) if p is node]
        return "\n".join(own)
    return provision_text(node)


def change_diffs(amendment: Amendment) -> list[dict]:
    """Each change as a word diff of the provision's printed text, in change order.

    Each entry: heading (citation, kind, option and edit), the (op, text)
    pieces of the diff, and the rationale.
    """
    from .worddiff import diff_words

    out = []
    for change in amendment.changes:
        before, after = (_shown(change.before, change), _shown(change.after, change))
        cite = citation_of(change.base_eid or change.eid) if change.kind == "repeal" else citation_of(change.eid)
        if change.kind == "renumber":
            cite = f"{citation_of(change.base_eid or change.before.eid)} -> {change.renumbering.new}"
        out.append({
            "heading": f"{cite}  [{change.kind}; {change.template}, edit {change.edit + 1}]",
            "pieces": diff_words(before, after),
            "rationale": change.rationale,
        })
    return out
