"""The constitution as pure data: provisions in a tree, each with a stable eId.

No I/O here. A `Constitution` is immutable; amending one returns a new one
(see `drafter.amend`). Provisions are one generic `Provision` type with a
`kind`, because the engine, the cross-reference checker and the renderers all
walk the tree the same way whatever the level.

Kinds, from the top:

- ``preamble``: the preamble; its paragraphs are ``paragraph`` children.
- ``section``: a part of the constitution ("FIRST PART. GENERAL PROVISIONS"),
  numbered 1, 2, ... (eId ``sec_1``).
- ``chapter``: "CHAPTER IX. Municipalities" (eId ``chp_IX``).
- ``article``: "Article 139-1. Title" (eId ``art_139-1``). Article numbers are
  strings and global, so an article's eId does not include its chapter.
- ``part``: a part of an article, "I." (eId ``art_144__part_I``).
- ``item``: a numbered item, "1." (eId ``art_144__part_I__item_4``).
- ``paragraph``: an unnumbered paragraph or list line after the lead text of
  its parent (eId ``..__para_2``), numbered in order from 1.
- ``transitional``: the Transitional Provisions (eId ``transitional``), whose
  numbered provisions are ``item`` children.

A provision's own words are in ``text`` (its lead paragraph, or None when it
starts with children); ``heading`` is the title of a chapter, section or
article.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterator, KeysView

#: The edition commands read unless told otherwise: the embedded constitution.
DEFAULT_EDITION = "az-1995-rev2009"

#: eId prefix of each kind (Akoma Ntoso style).
EID_PREFIX = {
    "section": "sec",
    "chapter": "chp",
    "article": "art",
    "part": "part",
    "item": "item",
    "paragraph": "para",
}

#: Kinds whose eId is global (not prefixed by the parent's eId).
GLOBAL_KINDS = ("preamble", "section", "chapter", "article", "transitional")

ORDINALS = (
    "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
)


def make_eid(parent_eid: str | None, kind: str, num: str | None) -> str:
    """The eId of a provision of `kind` numbered `num` under `parent_eid`."""
    if kind in ("preamble", "transitional"):
        return kind
    own = f"{EID_PREFIX[kind]}_{num}"
    if kind in GLOBAL_KINDS or not parent_eid:
        return own
    return f"{parent_eid}__{own}"


ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def to_roman(n: int) -> str:
    """Roman numeral for a positive integer (part numbers, chapter numbers)."""
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def from_roman(s: str) -> int:
    """Integer value of a Roman numeral; ValueError if `s` is not one."""
    s = s.upper()
    if not s or any(c not in "IVXLCDM" for c in s):
        raise ValueError(f"not a Roman numeral: {s!r}")
    n = 0
    for value, letters in ROMAN:
        while s.startswith(letters):
            n += value
            s = s[len(letters):]
    if s:
        raise ValueError("malformed Roman numeral")
    return n


#: Kinds numbered in Roman numerals.
ROMAN_KINDS = ("chapter", "part")


def num_key(kind: str, num: str) -> tuple[int, ...]:
    """Order of the numbers of provisions of one kind: 139 < 139-1 < 139-2 < 140; VIII < VIII-1 < IX;
    I < II for parts. ValueError if `num` is not a number of that kind."""
    if kind in ROMAN_KINDS:
        head, _, sub = num.partition("-")
        return (from_roman(head),) + ((int(sub),) if sub else ())
    return tuple(int(p) for p in num.split("-"))


def article_sort_key(num: str) -> tuple[int, ...]:
    """Order of article numbers: "139" < "139-1" < "139-2" < "140"."""
    return num_key("article", num)


@dataclass(frozen=True)
class Provision:
    """One node of the constitution: a chapter, article, part, item or paragraph."""

    kind: str
    eid: str
    num: str | None = None
    heading: str | None = None
    text: str | None = None
    children: tuple["Provision", ...] = ()

    @property
    def label(self) -> str:
        """The number as printed in the text: "Article 144", "I.", "4.", "CHAPTER IX"."""
        if self.kind == "article":
            return f"Article {self.num}"
        if self.kind == "chapter":
            return f"CHAPTER {self.num}"
        if self.kind == "section":
            return f"{ORDINALS[int(self.num) - 1]} PART"
        if self.kind == "part":
            return f"{self.num}."
        if self.kind == "item":
            return f"{self.num}."
        if self.kind == "preamble":
            return "Preamble"
        if self.kind == "transitional":
            return "TRANSITIONAL PROVISIONS"
        return ""

    @property
    def title_line(self) -> str | None:
        """The heading line as printed ("Article 144. The Competence of Municipalities")."""
        if self.kind in ("article", "chapter", "section"):
            return f"{self.label}. {self.heading}" if self.heading else self.label
        if self.kind in ("preamble", "transitional"):
            return self.label
        return None

    def walk(self) -> Iterator["Provision"]:
        """This provision and every provision under it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def words(self) -> str:
        """All text of this provision and its descendants, as printed, one block a line."""
        return "\n".join(block for _, _, block in blocks(self))

    def with_children(self, children: tuple["Provision", ...]) -> "Provision":
        return replace(self, children=tuple(children))


def _reindex(index: dict, old: Provision, new: Provision, parent: str | None, added: Provision | None = None) -> None:
    """`index` with `old` and its subtree replaced by `new` and its subtree.

    Children the two share (the same objects, under the same eId) keep their entries: only
    what changed is visited, not the whole text. When `new` is `old` with the one child `added`
    more, only that child is visited: thousands of insertions into one container stay linear.
    """
    if added is not None:
        index[new.eid] = (new, parent)
        gone: list[Provision] = []
        fresh = [added]
    else:
        # Keyed by id() with C-level maps: a container of thousands of children costs next to nothing
        # when one of them changes.
        before = dict(zip(map(id, old.children), old.children))
        after = dict(zip(map(id, new.children), new.children))
        if old.eid != new.eid:
            gone, fresh = list(before.values()), list(after.values())
        else:
            gone = [before[k] for k in before.keys() - after.keys()]
            fresh = [after[k] for k in after.keys() - before.keys()]
        for k in gone:
            for d in k.walk():
                index.pop(d.eid, None)
        index.pop(old.eid, None)
        index[new.eid] = (new, parent)
    stack = [(k, new.eid) for k in fresh]
    while stack:
        node, above = stack.pop()
        index[node.eid] = (node, above)
        stack.extend((k, node.eid) for k in node.children)


def blocks(node: Provision) -> Iterator[tuple[Provision, str, str]]:
    """The printed blocks of `node` in order: (provision, role, text).

    Role is ``title`` for a heading line, ``text`` for a provision's own lead
    paragraph (prefixed by its number for parts and items, "I. ", "4. ").
    """
    title = node.title_line
    if title is not None:
        yield node, "title", title
    if node.text is not None:
        if node.kind in ("part", "item"):
            yield node, "text", f"{node.label} {node.text}"
        else:
            yield node, "text", node.text
    for child in node.children:
        yield from blocks(child)


@dataclass(frozen=True)
class Edition:
    """Where a structured text comes from: the provenance recorded with it."""

    id: str
    title: str
    source: str
    translation: str
    as_revised: str
    sha256: str
    notes: str = ""


@dataclass(frozen=True)
class Constitution:
    """A whole constitution: its edition and its top-level provisions."""

    edition: Edition
    body: tuple[Provision, ...]
    repealed: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def _index(self) -> dict[str, tuple[Provision, str | None]]:
        index: dict[str, tuple[Provision, str | None]] = {}

        def visit(node: Provision, parent: str | None) -> None:
            index[node.eid] = (node, parent)
            for child in node.children:
                visit(child, node.eid)

        for top in self.body:
            visit(top, None)
        return index

    def __contains__(self, eid: str) -> bool:
        return eid in self._index

    def get(self, eid: str) -> Provision | None:
        """The provision with this eId, or None."""
        entry = self._index.get(eid)
        return entry[0] if entry else None

    def parent_of(self, eid: str) -> Provision | None:
        """The provision that contains `eid`, or None at the top."""
        entry = self._index.get(eid)
        if entry is None or entry[1] is None:
            return None
        return self._index[entry[1]][0]

    def ancestors(self, eid: str) -> list[Provision]:
        """The provisions containing `eid`, innermost first."""
        out = []
        parent = self.parent_of(eid)
        while parent is not None:
            out.append(parent)
            parent = self.parent_of(parent.eid)
        return out

    def eids(self) -> KeysView[str]:
        """The eId of every provision of the text."""
        return self._index.keys()

    def with_subtree(self, eid: str, node: Provision, *, hand_over: bool = False,
                     added: Provision | None = None) -> "Constitution":
        """This text with `node` (and all it holds) in the place of the provision `eid`.

        The new text's eId index is this one's brought up to date with the change, not rebuilt from
        the whole text. With `hand_over` it is updated in place and handed over, so an edit costs what
        it changes, not the whole text: for a text nobody reads again (if one is, it rebuilds its own).
        `added`: the one child `node` has more than the provision it replaces, when that is all that
        changed (only that child is indexed).
        """
        index = self._index if hand_over else dict(self._index)
        old, new = self.get(eid), node
        chain = self.ancestors(eid)
        _reindex(index, old, new, chain[0].eid if chain else None, added)
        for k, anc in enumerate(chain):
            kids = tuple(new if x.eid == old.eid else x for x in anc.children)
            old, new = anc, anc.with_children(kids)
            index[new.eid] = (new, chain[k + 1].eid if k + 1 < len(chain) else None)
        body = tuple(new if top.eid == old.eid else top for top in self.body)
        return self._with_index(replace(self, body=body), index, hand_over)

    def with_repealed(self, eid: str, *, hand_over: bool = False) -> "Constitution":
        """This text with `eid` among the numbers repealed (never reused); the index as `with_subtree`."""
        index = self._index if hand_over else dict(self._index)
        return self._with_index(replace(self, repealed=self.repealed | {eid}), index, hand_over)

    def _with_index(self, text: "Constitution", index: dict, hand_over: bool) -> "Constitution":
        if hand_over:
            self.__dict__.pop("_index", None)  # a cached_property: read again, it is rebuilt
        text.__dict__["_index"] = index
        return text

    def walk(self) -> Iterator[Provision]:
        """Every provision in document order."""
        for top in self.body:
            yield from top.walk()

    def articles(self) -> list[Provision]:
        """Every article in document order."""
        return [p for p in self.walk() if p.kind == "article"]

    def chapter_of(self, eid: str) -> Provision | None:
        """The chapter that contains `eid` (None for the preamble and transitional provisions)."""
        for anc in self.ancestors(eid):
            if anc.kind == "chapter":
                return anc
        return None

    def article_of(self, eid: str) -> Provision | None:
        """The article that is or contains `eid`."""
        node = self.get(eid)
        if node is not None and node.kind == "article":
            return node
        for anc in self.ancestors(eid):
            if anc.kind == "article":
                return anc
        return None

    def text(self) -> str:
        """The whole text as printed, one block a line."""
        return "\n".join(t for top in self.body for _, _, t in blocks(top))
