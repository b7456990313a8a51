"""The change list read once for every rendering: where each change ends up, who made it, what states it.

The engine records each change with the eIds its provision has in the base
and in the amended text (`Change.base_eid`, `Change.final_eid`); `effects`
adds what the writers ask of it: its number and its option's code. The redline
asks `Attribution` which change produced a revision; the act and the synoptic
table ask `statements` which changes they must state, since a change inside a
provision that the amendment inserts or replaces is stated by quoting that
provision's final text (it is *absorbed*).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..amend import Amendment, Change
from ..model import Constitution
from ..worddiff import DELETE, EQUAL, diff_words


@dataclass(frozen=True)
class Effect:
    """One change with the provision it concerns in the base and the amended text."""

    index: int  # position in amendment.changes: its comment id, its order
    change: Change = field(repr=False)
    option: str  # the option's code in the paper ("A4", "B1")

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def author(self) -> str:
        """The option (template id) whose edit this is."""
        return self.change.template

    @property
    def base_eid(self) -> str | None:
        """In the base text (None: inserted by this amendment)."""
        return self.change.base_eid

    @property
    def final_eid(self) -> str | None:
        """In the amended text (None: repealed, or gone)."""
        return self.change.final_eid

    @property
    def edit(self) -> int:
        """The edit's number in its template, from 1."""
        return self.change.edit + 1


def effects(amendment: Amendment) -> list[Effect]:
    """Every change of `amendment` with the provision it concerns in both texts, in the order made."""
    options = {t.id: t.option for t in amendment.templates}
    return [Effect(k, change, options.get(change.template, ""))
            for k, change in enumerate(amendment.changes)]


def _chain(constitution: Constitution, eid: str | None) -> list[str]:
    """`eid` and the eIds of the provisions containing it, innermost first."""
    if eid is None or eid not in constitution:
        return []
    return [eid] + [a.eid for a in constitution.ancestors(eid)]


@dataclass
class Attribution:
    """Which change produced the revisions of each block: the answer the redline needs for authors and comments."""

    amendment: Amendment
    effects: list[Effect]
    _own: dict[str, list[Effect]] = field(default_factory=dict)  # amended eId -> substitute/replace/renumber/insert on it
    _subtree_new: dict[str, list[Effect]] = field(default_factory=dict)  # amended eId -> insert/replace there
    _subtree_old: dict[str, list[Effect]] = field(default_factory=dict)  # base eId -> repeal/replace there

    def __post_init__(self) -> None:
        for e in self.effects:
            if e.final_eid is not None:
                self._own.setdefault(e.final_eid, []).append(e)
                if e.kind in ("insert", "replace"):
                    self._subtree_new.setdefault(e.final_eid, []).append(e)
            if e.base_eid is not None and e.kind in ("repeal", "replace"):
                self._subtree_old.setdefault(e.base_eid, []).append(e)

    def own(self, eid: str | None) -> list[Effect]:
        """Changes made to the provision `eid` (amended numbering) itself."""
        return list(self._own.get(eid, ())) if eid else []

    def inserted_by(self, eid: str) -> Effect | None:
        """The innermost insertion or replacement that put the amended provision `eid` in the text."""
        for anc in _chain(self.amendment.amended, eid):
            found = self._subtree_new.get(anc)
            if found:
                inserts = [e for e in found if e.kind == "insert"]
                return inserts[0] if inserts else found[-1]
        return None

    def removed_by(self, base_eid: str) -> Effect | None:
        """The innermost repeal or replacement that took the base provision `base_eid` out of the text."""
        for anc in _chain(self.amendment.base, base_eid):
            found = self._subtree_old.get(anc)
            if found:
                return found[0]
        return None

    def label_change(self, eid: str) -> Effect | None:
        """The renumbering that changed the number of the amended provision `eid`."""
        found = [e for e in self.own(eid) if e.kind == "renumber"]
        return found[0] if found else self.inserted_by(eid)

    def words_change(self, eid: str | None, base_eid: str | None, role: str, position: int) -> Effect | None:
        """The change that produced a difference at `position` (in the amended wording) of a block's words."""
        own = self.own(eid)
        replaces = [e for e in own if e.kind == "replace"]
        if replaces:
            return replaces[-1]
        field_name = "heading" if role == "title" else "text"
        subs = [e for e in own if e.kind == "substitute" and e.change.substitution.field == field_name]
        if subs:
            return _nearest(subs, position)
        if eid is not None:
            found = self.inserted_by(eid)
            if found is not None:
                return found
        if base_eid is not None:
            found = self.removed_by(base_eid)
            if found is not None:
                return found
        renumbers = [e for e in own if e.kind == "renumber"]
        return renumbers[0] if renumbers else None


    def words_diff(self, eid: str, base_eid: str, role: str, before: str, after: str
                   ) -> list[tuple[int, str, Effect | None]]:
        """The differences between a block's old and new words, each with the change that made it.

        When only substitutions changed these words, each is diffed within the
        words it replaced (so a clause repeated nearby cannot be mistaken for
        the new one); otherwise the whole wording is diffed.
        """
        own = self.own(eid)
        field_name = "heading" if role == "title" else "text"
        subs = [e for e in own if e.kind == "substitute" and e.change.substitution.field == field_name]
        others = [e for e in own if e.kind in ("replace", "insert")]
        if subs and not others and self.inserted_by(eid) is None:
            pieces = _substituted(before, after, subs)
            if pieces is not None:
                return pieces
        out = []
        cursor = 0
        for op, text in diff_words(before, after):
            effect = None if op == EQUAL else self.words_change(eid, base_eid, role, cursor)
            out.append((op, text, effect))
            if op != DELETE:
                cursor += len(text)
        return out


def _substituted(before: str, after: str, subs: list[Effect]) -> list[tuple[int, str, Effect | None]] | None:
    """The substitutions replayed on `before`, each changed stretch word-diffed on its own.

    None when the replay does not give `after` exactly, or two substitutions
    overlap: then the caller diffs the whole wording.
    """
    pieces: list[tuple[str, str, Effect | None]] = [(before, before, None)]  # (old, new, change)
    for e in subs:
        s = e.change.substitution
        start, find, new = s.offset, s.find, s.with_
        if not find:
            return None
        end = start + len(find)
        out: list[tuple[str, str, Effect | None]] = []
        replaced: list[str] = []
        pos = 0
        for old, cur, who in pieces:
            a, b = pos, pos + len(cur)
            pos = b
            if b <= start or a >= end:
                if a >= end and replaced is not None and a == end:
                    out.append(("".join(replaced), new, e))
                    replaced = None
                out.append((old, cur, who))
                continue
            if who is not None:
                return None  # overlaps words an earlier substitution wrote
            head, middle, tail = cur[: max(start - a, 0)], cur[max(start - a, 0): end - a], cur[end - a:] if end < b else ""
            if head:
                out.append((head, head, None))
            replaced.append(middle)
            if tail or b >= end:
                out.append(("".join(replaced), new, e))
                replaced = None
                if tail:
                    out.append((tail, tail, None))
        if replaced is not None:
            return None  # the span ran past the end of the words
        pieces = out
    if "".join(p[0] for p in pieces) != before or "".join(p[1] for p in pieces) != after:
        return None
    result: list[tuple[int, str, Effect | None]] = []
    for old, new, who in pieces:
        if who is None:
            result.append((EQUAL, old, None))
        else:
            result.extend((op, text, who if op != EQUAL else None) for op, text in diff_words(old, new))
    return result


def _nearest(subs: list[Effect], position: int) -> Effect:
    """The substitution whose new words, in the final wording, lie at or nearest to `position`."""
    spans: list[tuple[int, int]] = []
    for e in subs:
        s = e.change.substitution
        start, old, new = s.offset, len(s.find), len(s.with_)
        shifted = []
        for a, b in spans:
            if a >= start + old:
                a, b = a + new - old, b + new - old
            elif b > start:
                a, b = min(a, start), max(b, start + new)
            shifted.append((a, b))
        spans = shifted + [(start, start + new)]

    def distance(span: tuple[int, int]) -> int:
        a, b = span
        return 0 if a <= position <= b else min(abs(position - a), abs(position - b))

    best = min(range(len(subs)), key=lambda i: (distance(spans[i]), i))
    return subs[best]


# ---- what the act and the table state ----------------------------------------------------

def _depth(constitution: Constitution, eid: str) -> int:
    return len(constitution.ancestors(eid))


def _absorbs(c: Effect, e: Effect, new_chain: list[str], old_chain: list[str]) -> bool:
    """Whether stating `c` (quoting or dropping a whole provision) already states `e`."""
    if c.index == e.index:
        return False
    if c.kind in ("insert", "replace") and c.final_eid is not None and c.final_eid in new_chain:
        if c.final_eid != e.final_eid:
            return True  # e is inside the provision c quotes
        if c.kind == "insert":
            return e.kind != "insert"
        # A new wording keeps the provision's place: its renumbering is stated on its own.
        return e.kind == "substitute" or (e.kind == "replace" and c.index > e.index)
    if c.kind in ("repeal", "replace") and c.base_eid is not None and c.base_eid in old_chain:
        if c.base_eid != e.base_eid:
            return True  # e is inside the provision c drops or rewrites
        if c.kind == "repeal":
            return e.kind != "repeal"
        return e.kind == "substitute" or (e.kind == "replace" and c.index > e.index)
    return False


def absorbed_by(effects_: list[Effect], amendment: Amendment) -> dict[int, int]:
    """index -> index of the change that states it: a change inside a provision that another change
    inserts, replaces or repeals is stated by quoting (or dropping) that provision as a whole.
    The outermost such provision wins."""
    amended, base = amendment.amended, amendment.base
    # Only a change quoting or dropping a provision on e's chain can absorb e: index them by eId.
    quoting: dict[str, list[Effect]] = {}
    dropping: dict[str, list[Effect]] = {}
    for c in effects_:
        if c.kind in ("insert", "replace") and c.final_eid is not None:
            quoting.setdefault(c.final_eid, []).append(c)
        if c.kind in ("repeal", "replace") and c.base_eid is not None:
            dropping.setdefault(c.base_eid, []).append(c)
    out: dict[int, int] = {}
    for e in effects_:
        new_chain = _chain(amended, e.final_eid)
        old_chain = _chain(base, e.base_eid)
        candidates = {c.index: c for eid in new_chain for c in quoting.get(eid, ())}
        candidates.update({c.index: c for eid in old_chain for c in dropping.get(eid, ())})
        best: tuple | None = None
        for c in candidates.values():
            if not _absorbs(c, e, new_chain, old_chain):
                continue
            depth = _depth(amended, c.final_eid) if c.final_eid in new_chain else _depth(base, c.base_eid)
            rank = (depth, ("insert", "replace", "repeal").index(c.kind), -c.index)
            if best is None or rank < best[0]:
                best = (rank, c.index)
        if best is not None:
            out[e.index] = best[1]
    for k in list(out):  # to the change that is itself stated
        seen = {k}
        while out[k] in out and out[out[k]] not in seen:
            seen.add(out[k])
            out[k] = out[out[k]]
    return out
