"""The amendment engine: templates applied to a constitution -> amended text + change list.

Applying never mutates the base. It returns an `Amendment`: the base, the
amended constitution, and every change (node, kind, text before and after,
which template and edit, rationale). The redline, the amending act and the
synoptic table are all rendered from that one change list.

Drafting rules enforced here:

- `find` and `expect` match whole words only (`words.py`); words deleted
  take the space before them with them.
- Targets cite the numbering of the edition the template was written
  against; provisions a run inserts are cited by their new numbers. A number
  a renumbering gives to both is ambiguous: "(edition)" or "(new)" says which.
- Articles are never renumbered: a new article after Article 139 is 139-1,
  after 139-1 it is 139-2; a new chapter after Chapter VIII is VIII-1. The
  number of a repealed provision is never reused.
- Parts and items appended at the end take the next numeral. Inserted in
  the middle they need ``renumber: true``: the following ones move up by one,
  each move recorded as a ``renumber`` change the amending act states.
- Two templates changing the words of the same provision, inserting the same
  number, or one relying on words another has changed, are errors that name
  both sides; so are declared exclusions and missing requirements.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from . import words
from .address import Address, citation_of, describe_contents, nearby
from .errors import DrafterError, Problem
from .load import load_edition
from .model import (Constitution, Provision, from_roman, make_eid, num_key, to_roman)
from .template import Insert, Repeal, Replace, Substitute, Template, load_options

#: What may contain what (kind -> kinds of children a template may insert).
CONTAINS = {
    "section": ("chapter",),
    "chapter": ("article",),
    "article": ("part", "item", "paragraph"),
    "part": ("item", "paragraph"),
    "item": ("paragraph",),
    "transitional": ("item",),
    "preamble": ("paragraph",),
}


@dataclass(frozen=True)
class Substitution:
    """The words a substitution replaced, and where."""

    field: str  # "text" or "heading"
    find: str  # the words replaced (words deleted: with the space that goes with them)
    with_: str  # the words put in their place ("" for a deletion)
    occurrence: int  # which occurrence of the template's words, from 1
    offset: int  # where `find` starts in the provision's `field` as it stood


@dataclass(frozen=True)
class Insertion:
    """Where an insertion put its provision."""

    position: str  # "into", "after" or "before", as the template says
    anchor: str  # the template's citation of the provision it goes into, after or before
    container: str  # eId of the provision it went into
    previous: str | None  # eId of the provision before it there (None: it comes first)


@dataclass(frozen=True)
class Renumbering:
    """The number a renumbering gives a provision to make room for a new one."""

    old: str  # "III"
    new: str  # "IV"
    container: str  # eId of the provision holding it


@dataclass(frozen=True)
class Change:
    """One change to the text, as the amending act, the redline and the table state it.

    A change carries the particulars of its kind: `substitution`, `insertion` or `renumbering`
    (a replacement and a repeal need none: their provisions before and after say it all).
    """

    kind: str  # "substitute", "replace", "insert", "repeal" or "renumber"
    eid: str  # where it was made, in the text as it then stood (a repealed provision: the eId it had)
    base_eid: str | None  # in the base text (None: inserted by this amendment)
    before: Provision | None
    after: Provision | None
    template: str
    edit: int  # index of the edit in its template
    rationale: str
    #: In the amended text, after every later renumbering (None: repealed, or gone with its container).
    final_eid: str | None = field(default=None, compare=False)
    substitution: Substitution | None = field(default=None, compare=False)
    insertion: Insertion | None = field(default=None, compare=False)
    renumbering: Renumbering | None = field(default=None, compare=False)

    @property
    def citation(self) -> str:
        return citation_of(self.eid)


@dataclass(frozen=True)
class Amendment:
    """The result of applying templates: base, amended text, and the changes between them."""

    base: Constitution
    amended: Constitution
    changes: tuple[Change, ...]
    templates: tuple[Template, ...]
    #: base eId -> eId in the amended text, for every provision the amendment renumbers.
    renumbered: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def options(self) -> list[str]:
        return [t.id for t in self.templates]

    def template(self, template_id: str) -> Template:
        return next(t for t in self.templates if t.id == template_id)

    @cached_property
    def renumbered_from(self) -> dict[str, str]:
        """eId in the amended text -> base eId, for every renumbered provision: `renumbered` the
        other way round, made once."""
        return {new: old for old, new in self.renumbered.items()}

    @cached_property
    def inserted(self) -> frozenset[str]:
        """The eIds of the amended text that this amendment's insertions hold (with all they contain):
        new provisions, even where one has the number an edition's provision had before it was renumbered."""
        nodes = [self.amended.get(c.final_eid) for c in self.changes if c.kind == "insert" and c.final_eid]
        return frozenset(p.eid for node in nodes if node is not None for p in node.walk())

    def base_eid_of(self, eid: str) -> str | None:
        """The eId in the base text of a provision of the amended text (None if new)."""
        if eid in self.inserted:
            return None
        old = self.renumbered_from.get(eid, eid)
        return old if old in self.base else None


#: "(edition)" / "(new)" after a citation: which of the two provisions a renumbered number means.
_QUALIFIER = re.compile(r"\s*\((edition|new)\)\s*$")


class _Run:
    """The state of one application: the evolving text and who changed what."""

    def __init__(self, base: Constitution):
        self.base = base
        self.current = base
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.eid_map: dict[str, str] = {}  # base eId -> current eId, for renumbered provisions
        self.back: dict[str, str] = {}  # current eId -> base eId: eid_map the other way round
        self.edited: dict[str, tuple[str, int, str]] = {}  # current eId -> (template, edit, op)
        self.created: dict[str, tuple[str, int]] = {}  # current eId -> (template, edit)
        self.repealed: dict[str, tuple[str, int]] = {}  # base eId -> (template, edit)

    # ---- locating ---------------------------------------------------------
    def target(self, t: Template, i: int, key: str, citation: str) -> str | None:
        """The current eId a template's citation names, or None after reporting why.

        A citation names a provision by its number in the edition, and a provision this
        run inserted by its new number. Where a renumbering makes one number mean both
        (the edition's part V, now VI, and a new part V), the citation must say which:
        "Article 29, part V (edition)" or "Article 29, part V (new)".
        """
        qualified = _QUALIFIER.search(citation)
        plain = citation[:qualified.start()] if qualified else citation
        try:
            address = Address.parse(plain)
        except DrafterError as exc:
            self.fail(t, i, key, exc.problems[0].message)
            return None
        if address.end is not None:
            self.fail(t, i, key, f"{citation!r} is a range; an edit targets one provision")
            return None
        eid = address.eid
        if eid in self.repealed:
            who, n = self.repealed[eid]
            self.fail(t, i, key, f"{citation!r} has been repealed by {who} (edit {n + 1})")
            return None
        from_base = self.eid_map.get(eid, eid) if eid in self.base else None
        if from_base is not None and from_base not in self.current:
            from_base = None
        new = eid if eid in self.created and eid in self.current else None
        if qualified and qualified.group(1) == "edition":
            if from_base is None:
                self.fail(t, i, key, f"{citation!r}: the edition has no {citation_of(eid)} (or it is gone)")
            return from_base
        if qualified:
            if new is None:
                self.fail(t, i, key, f"{citation!r}: no earlier edit inserted {citation_of(eid)}")
            return new
        if from_base is not None and new is not None and from_base != new:
            who, n = self.created[new]
            self.fail(t, i, key, f"{citation!r} is ambiguous after a renumbering: write '{plain} (edition)' for the "
                                 f"edition's {citation_of(eid)}, now {citation_of(from_base)}, or '{plain} (new)' for "
                                 f"the provision {who} (edit {n + 1}) inserted in its place")
            return None
        if from_base is not None:
            return from_base
        if eid in self.current:
            return eid
        where = nearby(self.current, address) or nearby(self.base, address)
        self.fail(t, i, key, f"{citation!r} does not exist ({where})")
        return None

    def fail(self, t: Template, i: int, key: str | None, message: str) -> None:
        path = ("edits", i, key) if key else ("edits", i)
        loc = t.where(*path)
        self.problems.append(Problem(message, file=loc.file, line=loc.line, path=loc.path))

    def conflict(self, t: Template, i: int, eid: str) -> bool:
        """Report (and return True) if another template has changed this provision's words."""
        for other in [eid] + [a.eid for a in self.current.ancestors(eid)]:
            owner = self.edited.get(other)
            if owner and owner[0] != t.id and (other == eid or owner[2] in ("replace",)):
                self.fail(t, i, "target", f"{citation_of(eid)} is also changed by {owner[0]} (edit {owner[1] + 1}, "
                                          f"{owner[2]}): two options cannot both change the same provision")
                return True
        node = self.current.get(eid)
        for d in node.walk():
            owner = self.edited.get(d.eid)
            if d.eid != eid and owner and owner[0] != t.id:
                self.fail(t, i, "target", f"{citation_of(eid)} contains {citation_of(d.eid)}, changed by {owner[0]} "
                                          f"(edit {owner[1] + 1}): two options cannot both change it")
                return True
        return False

    def guard(self, t: Template, i: int, eid: str, expect: str, key: str = "expect") -> bool:
        """Check the words an edit expects; say whether another option changed them."""
        node = self.current.get(eid)
        if _contains(node, expect):
            return True
        base_eid = self.base_eid(eid)
        base_node = self.base.get(base_eid) if base_eid else None
        if base_node is not None and _contains(base_node, expect):
            who = self.who_changed(eid)
            by = f" by {who[0]} (edit {who[1] + 1})" if who else ""
            self.fail(t, i, key, f"stale guard: the words it expects in {citation_of(eid)} were changed{by}: "
                                 f"{_snip(expect)!r}")
        elif _inside_longer(node, expect):
            self.fail(t, i, key, f"{_inside_longer(node, expect)} in {citation_of(eid)}: a guard matches whole "
                                 f"words only")
        else:
            self.fail(t, i, key, f"{citation_of(eid)} does not contain {_snip(expect)!r} "
                                 f"(it reads: {_snip(node.words().replace(chr(10), ' '), 90)!r}); was the template "
                                 f"written against another edition?")
        return False

    def base_eid(self, eid: str) -> str | None:
        old = self.back.get(eid, eid)
        return old if old in self.base and eid not in self.created else None

    def moved(self, old: str, new: str) -> None:
        """Record that the provision now at `old` is renumbered `new`."""
        if old in self.back:
            base_old = self.back.pop(old)
        elif old in self.base and old not in self.created:
            base_old = old
        else:
            return  # a provision this run inserted: the edition never numbered it
        self.eid_map[base_old] = new
        self.back[new] = base_old

    # ---- changing the text -------------------------------------------------
    # Each edit makes a new text. Its eId index is this text's brought up to date, not rebuilt (which
    # made every edit cost the whole text); texts the run made itself hand theirs on (never read again).
    def swap(self, eid: str, new: Provision, added: Provision | None = None) -> None:
        """Put `new` in the place of the provision `eid` of the current text (`added`: the one child
        `new` has more than the provision it replaces, when that is all that changed)."""
        self.current = self.current.with_subtree(eid, new, hand_over=self.current is not self.base, added=added)

    def repeal(self, eid: str) -> None:
        """Add `eid` to the numbers that are repealed (never reused)."""
        self.current = self.current.with_repealed(eid, hand_over=self.current is not self.base)

    def who_changed(self, eid: str) -> tuple[str, int, str] | None:
        node = self.current.get(eid)
        for d in node.walk():
            if d.eid in self.edited:
                return self.edited[d.eid]
        return None

    def record(self, change: Change) -> None:
        self.changes.append(change)


def final_eids(changes: Sequence[Change], amended: Constitution) -> list[str | None]:
    """Where the provision of each change is in the amended text (None: repealed, or gone).

    A change is recorded with the eId its provision had when it was made; a later renumbering
    can move it. The renumberings one edit makes happen at once (V -> VI and VI -> VII, not
    V -> VI -> VII): a step is the moves of one edit's run of renumberings, keyed by the index
    of its last one. Walked from the last change back, the steps are composed into one map as
    they are passed (each renumbering visited once, not once for every change before it); a
    renumbering is not moved by its own step.
    """
    steps: dict[int, tuple[tuple[str, int], dict[str, str]]] = {}
    last = None
    for k, change in enumerate(changes):
        if change.kind != "renumber":
            continue
        edit = (change.template, change.edit)
        if last is not None and steps[last][0] == edit:
            steps[k] = steps.pop(last)
        else:
            steps[k] = (edit, {})
        steps[k][1].update(_moves(change))
        last = k
    final: list[str | None] = [None] * len(changes)
    later: dict[str, str] = {}  # eId -> eId in the amended text
    own: tuple[str, int] | None = None  # the edit of the step composed last
    undo: dict[str, str | None] = {}  # `later` before that step, where the step changed it
    for k in range(len(changes) - 1, -1, -1):
        change = changes[k]
        if change.kind != "repeal":
            eid = change.eid
            if change.kind == "renumber" and (change.template, change.edit) == own and eid in undo:
                eid = undo[eid] or eid
            else:
                eid = later.get(eid, eid)
            final[k] = eid if eid in amended else None
        if k in steps:
            own, moves = steps[k]
            undo = {old: later.get(old) for old in moves}
            later.update({old: later.get(new, new) for old, new in moves.items()})
    return final


def _moves(change: Change) -> dict[str, str]:
    """eId moves a renumbering makes: the provision and everything under it."""
    return {old.eid: new.eid for old, new in zip(change.before.walk(), change.after.walk()) if old.eid != new.eid}


# ---- tree surgery (path copying; the base is never touched) ----------------------

def _reid(node: Provision, parent_eid: str | None, num: str | None, moves: dict[str, str]) -> Provision:
    """`node` renumbered `num` under `parent_eid`, its descendants' eIds following."""
    eid = make_eid(parent_eid, node.kind, num)
    if eid != node.eid:
        moves[node.eid] = eid
    kids = tuple(_reid(k, eid, k.num, moves) for k in node.children)
    return replace(node, eid=eid, num=num, children=kids)


def _contains(node: Provision, passage: str) -> bool:
    """Whether the provision's words (as printed, or its own words run together) hold `passage` as whole words."""
    want = " ".join(passage.split())
    return any(words.contains(text, want) for text in _texts(node))


def _texts(node: Provision) -> tuple[str, str]:
    printed = " ".join(node.words().split())
    plain = " ".join(" ".join(filter(None, (p.heading, p.text))) for p in node.walk())
    return printed, " ".join(plain.split())


def _inside_longer(node: Provision, passage: str) -> str | None:
    """ "occurs only inside 'nationality'" when `passage` is in the provision only as part of longer words."""
    want = " ".join(passage.split())
    found: list[str] = []
    for text in _texts(node):
        found.extend(w for w in words.longer_words(text, want) if w not in found)
    return f"{_snip(passage)!r} occurs only inside {words.quote_list(found)}" if found else None


def _a(word: str) -> str:
    """ "an item", "a part": the indefinite article with a kind of provision."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _snip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."


def _numeral(kind: str, n: int) -> str:
    return to_roman(n) if kind == "part" else str(n)


def _value(kind: str, num: str) -> int:
    return from_roman(num) if kind == "part" else int(num)


# ---- building new provisions from template content -------------------------------

def build(spec: dict, parent_eid: str | None, kind: str, num: str) -> Provision:
    """A provision from a template's `provision` / `new` mapping, children numbered in order."""
    eid = make_eid(parent_eid, kind, num)
    children = _children(spec, eid)
    return Provision(kind, eid, num, spec.get("heading"), spec.get("text"), children)


def _children(spec: dict, eid: str) -> tuple[Provision, ...]:
    out = []
    for key, kind in (("parts", "part"), ("items", "item"), ("paragraphs", "paragraph")):
        for n, entry in enumerate(spec.get(key, ()), start=1):
            entry = {"text": entry} if isinstance(entry, str) else entry
            out.append(build(entry, eid, kind, entry.get("num") or _numeral(kind, n)))
    return tuple(out)


# ---- the edits ---------------------------------------------------------------------

def _substitute(run: _Run, t: Template, i: int, e: Substitute) -> None:
    eid = run.target(t, i, "target", e.target)
    if eid is None or run.conflict(t, i, eid):
        return
    node = run.current.get(eid)
    value = getattr(node, e.field) or ""
    found = words.starts(value, e.find)
    count = len(found)
    if count == 0:
        elsewhere = [d for d in node.walk() if d is not node and words.contains(d.text or "", e.find)]
        base_eid = run.base_eid(eid)
        longer = words.longer_words(value, e.find)
        if elsewhere:
            run.fail(t, i, "find", f"{_snip(e.find)!r} is not in the {e.field} of {citation_of(eid)} itself; "
                                   f"it occurs in {citation_of(elsewhere[0].eid)}: target that provision")
        elif base_eid and words.contains(getattr(run.base.get(base_eid), e.field) or "", e.find):
            who = run.who_changed(eid)
            by = f" by {who[0]} (edit {who[1] + 1})" if who else " by an earlier edit"
            run.fail(t, i, "find", f"stale: {_snip(e.find)!r} in {citation_of(eid)} was changed{by}")
        elif longer:
            run.fail(t, i, "find", f"{_snip(e.find)!r} occurs only inside {words.quote_list(longer)} in "
                                   f"{citation_of(eid)}: find matches whole words only")
        else:
            run.fail(t, i, "find", f"{_snip(e.find)!r} does not occur in the {e.field} of {citation_of(eid)} "
                                   f"(it reads: {_snip(value, 90)!r})")
        return
    occurrence = e.occurrence
    if occurrence is None and count > 1:
        run.fail(t, i, "find", f"{_snip(e.find)!r} occurs {count} times in {citation_of(eid)}; "
                               f"say which with occurrence: 1-{count}")
        return
    occurrence = occurrence or 1
    if occurrence > count:
        run.fail(t, i, "occurrence", f"{_snip(e.find)!r} occurs only {count} time(s) as whole words in "
                                     f"{citation_of(eid)}")
        return
    start, find = found[occurrence - 1], e.find
    if not e.with_:  # words deleted go with the space before them (at the start: the space after them)
        end = start + len(find)
        if start > 0 and value[start - 1] == " " and not value[end:end + 1].isalnum():
            start, find = start - 1, " " + find
        elif start == 0 and value[end:end + 1] == " ":
            find = find + " "
    new_value = value[:start] + e.with_ + value[start + len(find):]
    new = replace(node, **{e.field: new_value})
    run.swap(eid, new)
    run.edited[eid] = (t.id, i, "substitute")
    run.record(Change("substitute", eid, run.base_eid(eid), node, new, t.id, i, e.rationale,
                      substitution=Substitution(e.field, find, e.with_, occurrence, start)))


def _replace(run: _Run, t: Template, i: int, e: Replace) -> None:
    eid = run.target(t, i, "target", e.target)
    if eid is None or run.conflict(t, i, eid) or not run.guard(t, i, eid, e.expect):
        return
    node = run.current.get(eid)
    if "heading" in e.new and node.kind not in ("article", "chapter", "section"):
        run.fail(t, i, "new", f"{citation_of(eid)} is {_a(node.kind)}: it has no heading")
        return
    kids = _children(e.new, eid) if any(k in e.new for k in ("parts", "items", "paragraphs")) else node.children
    bad = [k for k in kids if k.kind not in CONTAINS.get(node.kind, ())]
    if bad:
        run.fail(t, i, "new", f"{_a(node.kind)} cannot hold {bad[0].kind}s")
        return
    new = replace(node, heading=e.new.get("heading", node.heading), text=e.new.get("text", node.text),
                  children=kids)
    run.swap(eid, new)
    run.edited[eid] = (t.id, i, "replace")
    run.record(Change("replace", eid, run.base_eid(eid), node, new, t.id, i, e.rationale))


def _repeal(run: _Run, t: Template, i: int, e: Repeal) -> None:
    eid = run.target(t, i, "target", e.target)
    if eid is None or run.conflict(t, i, eid) or not run.guard(t, i, eid, e.expect):
        return
    node = run.current.get(eid)
    parent = run.current.parent_of(eid)
    if parent is None:
        run.fail(t, i, "target", f"{citation_of(eid)} cannot be repealed as a whole")
        return
    run.swap(parent.eid, parent.with_children(tuple(k for k in parent.children if k.eid != eid)))
    run.repeal(eid)
    base_eid = run.base_eid(eid)
    if base_eid:
        run.repealed[base_eid] = (t.id, i)
    run.edited[eid] = (t.id, i, "repeal")
    run.record(Change("repeal", eid, base_eid, node, None, t.id, i, e.rationale))


def _insert(run: _Run, t: Template, i: int, e: Insert) -> None:
    kind = e.provision["kind"]
    anchor = run.target(t, i, e.position, e.anchor)
    if anchor is None:
        return
    if e.expect and not run.guard(t, i, anchor, e.expect):
        return
    anchor_node = run.current.get(anchor)
    if e.position == "into":
        container = anchor_node
        if kind not in CONTAINS.get(container.kind, ()):
            run.fail(t, i, "into", f"{citation_of(anchor)} is {_a(container.kind)}; {_a(kind)} cannot go into it"
                                   f" ({_a(container.kind)} holds {', '.join(CONTAINS.get(container.kind, ())) or 'no new provisions'})")
            return
        # After the last sibling of its kind (items before a closing paragraph).
        last = _last_of(container.children, kind)
        index = last + 1 if last is not None else _first_slot(container, kind)
    else:
        if anchor_node.kind != kind:
            run.fail(t, i, e.position, f"{citation_of(anchor)} is {_a(anchor_node.kind)}, not {_a(kind)}: {_a(kind)} goes "
                                       f"{e.position} another {kind}, or 'into' its container")
            return
        container = run.current.parent_of(anchor)
        index = next(n for n, k in enumerate(container.children) if k is anchor_node) + (1 if e.position == "after" else 0)
    if kind in ("article", "chapter"):
        _insert_numbered_globally(run, t, i, e, container, index)
    elif kind == "paragraph":
        if index != len(container.children):
            run.fail(t, i, e.position, f"unnumbered paragraphs are added at the end of their provision; "
                                       f"use 'into: {citation_of(container.eid)}'")
            return
        num = str(sum(1 for k in container.children if k.kind == "paragraph") + 1)
        _put(run, t, i, e, container, index, build(e.provision, container.eid, kind, num))
    else:
        _insert_part_or_item(run, t, i, e, container, index, kind)


def _last_of(children: tuple[Provision, ...], kind: str) -> int | None:
    """The position of the last child of `kind`, searched from the end (where appended ones are)."""
    for n in range(len(children) - 1, -1, -1):
        if children[n].kind == kind:
            return n
    return None


def _first_slot(container: Provision, kind: str) -> int:
    """Where the first child of `kind` goes: paragraphs come last, items before them."""
    if kind == "paragraph":
        return len(container.children)
    return next((n for n, k in enumerate(container.children) if k.kind == "paragraph"), len(container.children))


def _put(run: _Run, t: Template, i: int, e: Insert, container: Provision, index: int, node: Provision) -> None:
    kids = list(container.children)
    kids.insert(index, node)
    run.swap(container.eid, container.with_children(tuple(kids)), added=node)
    for d in node.walk():
        run.created[d.eid] = (t.id, i)
    prev = kids[index - 1].eid if index > 0 else None
    run.record(Change("insert", node.eid, None, None, node, t.id, i, e.rationale,
                      insertion=Insertion(e.position, e.anchor, container.eid, prev)))


def _insert_part_or_item(run: _Run, t: Template, i: int, e: Insert, container: Provision, index: int,
                         kind: str) -> None:
    # Appending is the common case and may come thousands of times into one container: it looks at
    # the last sibling only (numbers rise in text order), so each insertion costs little.
    last = _last_of(container.children, kind)
    given = e.provision.get("num")
    if last is None or last < index:
        repealed = [_value(kind, r.rsplit("_", 1)[1]) for r in run.current.repealed
                    if r.startswith(container.eid + "__") and r.count("__") == container.eid.count("__") + 1
                    and r.rsplit("__", 1)[1].startswith(("part_" if kind == "part" else "item_"))]
        top = _value(kind, container.children[last].num) if last is not None else 0
        num = _numeral(kind, max([top, *repealed]) + 1)
        if given and given != num:
            siblings = [k for k in container.children if k.kind == kind]
            taken = given in [k.num for k in siblings] or _value(kind, given) in repealed + [
                _value(kind, k.num) for k in siblings]
            why = f"{kind} {given} already exists or was repealed" if taken else f"the next {kind} is {num}"
            run.fail(t, i, "provision", f"{why} in {citation_of(container.eid)}; leave num out or give {num}")
            return
        _put(run, t, i, e, container, index, build(e.provision, container.eid, kind, num))
        return
    following = [k for k in container.children[index:] if k.kind == kind]
    first = following[0]
    if not e.renumber:
        span = f"{following[0].num}-{following[-1].num}" if len(following) > 1 else following[0].num
        after = f"{_numeral(kind, _value(kind, following[0].num) + 1)}-{_numeral(kind, _value(kind, following[-1].num) + 1)}"
        run.fail(t, i, e.position,
                 f"{describe_contents(container, kind)}; a new {kind} here would collide with {kind} {first.num}: "
                 f"append it (into: {citation_of(container.eid)}) or set renumber: true "
                 f"({kind}s {span} would become {after})")
        return
    num = first.num
    if given and given != num:
        run.fail(t, i, "provision", f"with renumber the new {kind} takes number {num}, not {given}")
        return
    # Renumber the following siblings, last first (no number is ever held
    # twice), each stated as a change, recorded in text order.
    kids = list(container.children)
    renumbers = []
    for pos in range(len(kids) - 1, index - 1, -1):
        k = kids[pos]
        if k.kind != kind:
            continue
        moves: dict[str, str] = {}
        moved = _reid(k, container.eid, _numeral(kind, _value(kind, k.num) + 1), moves)
        kids[pos] = moved
        for old, new in moves.items():
            run.moved(old, new)
            for table in (run.edited, run.created):
                if old in table:
                    table[new] = table.pop(old)
        renumbers.append(Change("renumber", moved.eid, run.base_eid(moved.eid), k, moved, t.id, i, e.rationale,
                                renumbering=Renumbering(k.num, moved.num, container.eid)))
    for change in reversed(renumbers):
        run.record(change)
    container = container.with_children(tuple(kids))
    run.swap(container.eid, container)
    _put(run, t, i, e, container, index, build(e.provision, container.eid, kind, num))


def _insert_numbered_globally(run: _Run, t: Template, i: int, e: Insert, container: Provision,
                              index: int) -> None:
    """A new article or chapter: numbered after the one before it (139-1, VIII-1), never renumbering."""
    kind = e.provision["kind"]
    prev = _last_before(run.current, container, index, kind)
    nxt = _after(run.current, prev, kind)
    given = e.provision.get("num")
    num = given or _next_number(kind, prev.num if prev else None)
    problem = _number_problem(kind, num, prev.num if prev else None, nxt.num if nxt else None,
                              _Numbers(run.current, kind), _repealed_numbers(run.current, kind), run, e)
    if problem:
        run.fail(t, i, "provision", problem)
        return
    if kind == "article":
        _put(run, t, i, e, container, index, build(e.provision, None, "article", num))
        return
    # A chapter and its articles: the articles continue from the article before the chapter.
    prev_article = _last_before(run.current, container, index, "article")
    next_article = _after(run.current, prev_article, "article")
    existing = _Numbers(run.current, "article")
    repealed = _repealed_numbers(run.current, "article")
    last = prev_article.num if prev_article else None
    children = []
    for spec in e.provision.get("articles", ()):
        anum = spec.get("num") or _next_number("article", last)
        problem = _number_problem("article", anum, last, next_article.num if next_article else None,
                                  existing, repealed, run, e)
        if problem:
            run.fail(t, i, "provision", problem)
            return
        children.append(build(spec, None, "article", anum))
        existing.added.add(anum)
        last = anum
    chapter = Provision("chapter", make_eid(None, "chapter", num), num, e.provision.get("heading"),
                        e.provision.get("text"), tuple(children))
    _put(run, t, i, e, container, index, chapter)


def _last_before(text: Constitution, container: Provision, index: int, kind: str) -> Provision | None:
    """The last provision of `kind` before slot `index` of `container`, in document order."""
    for sibling in reversed(container.children[:index]):
        found = [p for p in sibling.walk() if p.kind == kind]
        if found:
            return found[-1]
    prev = None
    for p in text.walk():
        if p.eid == container.eid:
            break
        if p.kind == kind:
            prev = p
    return prev


def _after(text: Constitution, prev: Provision | None, kind: str) -> Provision | None:
    """The first provision of `kind` after `prev` (after nothing: the first of the text)."""
    if prev is None:
        return next((p for p in text.walk() if p.kind == kind), None)
    return _following(text, prev, kind)


def _repealed_numbers(text: Constitution, kind: str) -> set[str]:
    """Numbers of repealed articles (or chapters): never to be used again."""
    prefix = make_eid(None, kind, "")
    return {r[len(prefix):] for r in text.repealed if r.startswith(prefix) and "__" not in r}


class _Numbers:
    """The numbers in use for articles (or chapters) of a text, asked through its eId index,
    plus those a new chapter has just given its articles."""

    def __init__(self, text: Constitution, kind: str):
        self.text, self.kind, self.added = text, kind, set()

    def __contains__(self, num: str) -> bool:
        return num in self.added or make_eid(None, self.kind, num) in self.text


def _following(text: Constitution, node: Provision, kind: str) -> Provision | None:
    """The first provision of `kind` after `node` and everything in it, in document order."""
    current = node
    while True:
        parent = text.parent_of(current.eid)
        siblings = parent.children if parent is not None else text.body
        at = next(n for n, s in enumerate(siblings) if s.eid == current.eid)
        for sibling in siblings[at + 1:]:
            found = next((p for p in sibling.walk() if p.kind == kind), None)
            if found is not None:
                return found
        if parent is None:
            return None
        current = parent


def _next_number(kind: str, prev: str | None) -> str | None:
    """The Azerbaijani next number after `prev`: 139 -> 139-1, 139-1 -> 139-2, VIII -> VIII-1."""
    if prev is None:
        return None
    head, _, sub = prev.partition("-")
    return f"{head}-{int(sub) + 1}" if sub else f"{prev}-1"


def _number_problem(kind: str, num: str | None, prev: str | None, nxt: str | None, existing: Container[str],
                    repealed: set[str], run: _Run, e: Insert) -> str | None:
    word = "Article" if kind == "article" else "Chapter"
    if num is None:
        return f"no {kind} precedes this place: give the new {kind} a num"
    try:
        key = num_key(kind, num)
    except ValueError:
        return f"{num!r} is not {_a(kind)} number"
    if num in existing:
        owner = run.created.get(make_eid(None, kind, num))
        by = f" (inserted by {owner[0]}, edit {owner[1] + 1})" if owner else ""
        return f"{word} {num} already exists{by}; an existing {kind} is never renumbered"
    if num in repealed:
        return f"{word} {num} was repealed; the number of a repealed {kind} is never reused"
    if prev is not None and key <= num_key(kind, prev) or nxt is not None and key >= num_key(kind, nxt):
        return (f"{word} {num} does not fit between {word} {prev or '(start)'} and {word} {nxt or '(end)'}; "
                f"numbers follow the place of the {kind}")
    return None


# ---- the run -----------------------------------------------------------------------

def _check_combination(base: Constitution, templates: list[Template]) -> list[Problem]:
    problems = []
    ids = [t.id for t in templates]
    for t in templates:
        if ids.count(t.id) > 1:
            problems.append(Problem(f"option {t.id} is given more than once", file=t.path))
            break
    alternatives = [t.id for t in templates if t.kind == "alternative"]
    if len(alternatives) > 1:
        # Whatever the templates' `excludes` say: a draft is one policy choice.
        problems.append(Problem(f"a draft uses at most one alternative, not {len(alternatives)} "
                                f"({', '.join(alternatives)}): choose one, or draft them side by side with "
                                f"drafter draft --compare"))
    for n, a in enumerate(templates):
        if a.edition != base.edition.id:
            problems.append(Problem(f"written against edition {a.edition!r}, but the text is {base.edition.id!r}",
                                    file=a.path, line=a.line_of("edition"), path="edition"))
        for b in templates[n + 1:]:
            if b.id in a.excludes or a.id in b.excludes:
                side, other = (a, b) if b.id in a.excludes else (b, a)
                problems.append(Problem(f"{a.id} and {b.id} exclude each other ({side.id} excludes {other.id}): "
                                        f"a draft uses one of them", file=side.path, line=side.line_of("excludes"),
                                        path="excludes"))
        for n_req, need in enumerate(a.requires):
            if not set(need) & set(ids):
                problems.append(Problem(f"{a.id} requires {' or '.join(need)}, which is not among the options given "
                                        f"({', '.join(ids)})", file=a.path, line=a.line_of("requires", n_req),
                                        path=f"requires[{n_req}]"))
    # Two alternatives each define the territory: the one-alternative problem says it all.
    return problems + (_territory_problems(templates) if len(alternatives) <= 1 else [])


def _territory_problems(templates: list[Template]) -> list[Problem]:
    """A draft whose provisions apply "in" the region defines the region's territory exactly once.

    Two definitions are two instruments for one territory (a Constitutional Law and an ordinary law
    drawing different lines); none leaves every such provision without an area.
    """
    definers = [t for t in templates if "defines" in t.territory]
    problems = [Problem(f"{t.id} defines the territory of the region ({t.territory['defines']}), and so does "
                        f"{definers[0].id} ({definers[0].territory['defines']}): a draft defines it once",
                        file=t.path, line=t.line_of("territory"), path="territory") for t in definers[1:]]
    if not definers:
        problems += [Problem(f"{t.id} relies on the territory of the region defined by an alternative, and none of "
                             f"the options given ({', '.join(x.id for x in templates)}) defines it",
                             file=t.path, line=t.line_of("territory"), path="territory")
                     for t in templates if t.territory.get("relies")]
    return problems


def apply_templates(base: Constitution, templates: list[Template]) -> Amendment:
    """The amended constitution and its change list; every problem raised together as one error."""
    problems = _check_combination(base, templates)
    if problems:
        raise DrafterError(problems)
    order = sorted(templates, key=lambda t: t.kind != "alternative")
    run = _Run(base)
    for t in order:
        for i, edit in enumerate(t.edits):
            if isinstance(edit, Substitute):
                _substitute(run, t, i, edit)
            elif isinstance(edit, Replace):
                _replace(run, t, i, edit)
            elif isinstance(edit, Repeal):
                _repeal(run, t, i, edit)
            elif isinstance(edit, Insert):
                _insert(run, t, i, edit)
    if run.problems:
        raise DrafterError(run.problems)
    if _has_article(base) and not _has_article(run.current):
        names = ", ".join(t.path or t.id for t in order)
        raise DrafterError(Problem(f"{names}: the edits repeal every article; a constitution keeps at least one"))
    changes = tuple(replace(c, final_eid=eid) for c, eid in zip(run.changes, final_eids(run.changes, run.current)))
    return Amendment(base, run.current, changes, tuple(order), dict(run.eid_map))


def _has_article(text: Constitution) -> bool:
    # Not `text.articles()`: the first article answers, without walking the whole text.
    return any(p.kind == "article" for p in text.walk())


def apply_options(names: list[str], edition: str | None = None, params: dict[str, str] | None = None,
                  base: Constitution | None = None) -> Amendment:
    """Templates named by option id or path applied to an edition (the embedded one by default)."""
    base = base or load_edition(edition)
    return apply_templates(base, load_options(names, params) if names else [])
