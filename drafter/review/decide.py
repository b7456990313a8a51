"""What the reviewer did to each revision of the draft, found by walking the draft and the review together.

The original redline and the reviewed file are both `WordText` streams. Take
the reviewed stream and undo the reviewer's own tracked edits (drop what they
inserted, restore what they deleted): what is left is the original redline
with each of its revisions either still there (pending), turned into plain
text or removed. One walk over the original's segments (unchanged text,
insertions, deletions) finds, for each revision, which of the three happened:

- an insertion still marked is *pending*; its words present as plain text:
  *accepted*; absent: *rejected*;
- a deletion still marked is *pending*; its words absent: *accepted*;
  present as plain text: *rejected*.

A change of the draft whose revisions the reviewer's own edits touch (inside
or right beside them) is *modified*; one whose revisions were decided both
ways is *modified* too (partly accepted). Pure: no files, no Word.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DrafterError, Problem
from .wordfile import WordText

PENDING, ACCEPTED, REJECTED, MODIFIED = "pending", "accepted", "rejected", "modified"

#: Paths kept alive at once while walking; far above what real ambiguity needs.
MAX_STATES = 64


@dataclass(frozen=True)
class Segment:
    """A stretch of the original redline: unchanged text, or one revision's characters."""

    start: int
    end: int
    kind: str  # "eq", "ins", "del"
    rev: int  # index into the original's revisions (-1 for "eq")


@dataclass(frozen=True)
class Walk:
    """The original and the review walked together."""

    decisions: dict[int, str]  # original revision index -> pending / accepted / rejected
    spans: dict[int, tuple[int, int]]  # original revision index -> its stretch in the reviewed stream
    o_of_r: list[int]  # reviewed stream position -> original stream position (nearest)
    reviewer: set[int]  # indices of the reviewed file's revisions made by the reviewer


def segments(o: WordText) -> list[Segment]:
    """The original redline cut where the revision a character is under changes."""
    out: list[Segment] = []
    start = 0
    for i in range(1, len(o.text) + 1):
        if i == len(o.text) or (o.ins[i], o.dele[i]) != (o.ins[start], o.dele[start]):
            kind, rev = ("ins", o.ins[start]) if o.ins[start] >= 0 else \
                ("del", o.dele[start]) if o.dele[start] >= 0 else ("eq", -1)
            out.append(Segment(start, i, kind, rev))
            start = i
    return out


def walk(original: WordText, reviewed: WordText, option_authors: set[str], name: str) -> Walk:
    """Each revision of `original` decided from `reviewed`; a review of another text is an error."""
    reviewer = {k for k, r in enumerate(reviewed.revisions) if r.author not in option_authors}
    # The review with the reviewer's own edits undone: text, status per character (E, I, D), origin.
    chars, status, origin = [], [], []
    for i, c in enumerate(reviewed.text):
        ins, dele = reviewed.ins[i], reviewed.dele[i]
        if ins >= 0 and ins in reviewer:
            continue
        if dele >= 0 and dele in reviewer:
            dele = -1
        chars.append(c)
        status.append("I" if ins >= 0 else "D" if dele >= 0 else "E")
        origin.append(i)
    text, marks = "".join(chars), "".join(status)

    segs = segments(original)
    steps: list[dict[int, tuple[int, str | None]]] = []  # per segment: end state -> (start state, decision)
    states = {0: (0, None)}
    otext = original.text
    for seg in segs:
        t = otext[seg.start:seg.end]
        n = len(t)
        nxt: dict[int, tuple[int, str | None]] = {}
        for j in states:
            def fits(st: str) -> bool:
                return text.startswith(t, j) and marks[j:j + n] == st * n
            if seg.kind == "eq":
                if fits("E"):
                    nxt.setdefault(j + n, (j, None))
            elif seg.kind == "ins":
                if fits("I"):
                    nxt.setdefault(j + n, (j, PENDING))
                if fits("E"):
                    nxt.setdefault(j + n, (j, ACCEPTED))
                nxt.setdefault(j, (j, REJECTED))
            else:
                if fits("D"):
                    nxt.setdefault(j + n, (j, PENDING))
                if fits("E"):
                    nxt.setdefault(j + n, (j, REJECTED))
                nxt.setdefault(j, (j, ACCEPTED))
        if not nxt:
            raise _not_this_draft(name, original, seg, states, text)
        if len(nxt) > MAX_STATES:
            nxt = dict(sorted(nxt.items())[:MAX_STATES])
        steps.append(nxt)
        states = nxt
    if len(text) not in states:
        end = max(states)
        raise DrafterError(Problem(f"not a review of this draft: it goes on after the draft's text ends "
                                   f"({_snip(text[end:])!r})", file=name))

    decisions: dict[int, str] = {}
    spans: dict[int, tuple[int, int]] = {}
    o_of_dec = [0] * len(text)
    j = len(text)
    for seg, step in zip(reversed(segs), reversed(steps)):
        prev, decision = step[j]
        if prev < j:
            for k in range(prev, j):
                o_of_dec[k] = seg.start + (k - prev)
        if seg.rev >= 0:
            decisions[seg.rev] = _combine(decisions.get(seg.rev), decision)
            a = origin[prev] if prev < len(origin) else len(reviewed.text)
            b = origin[j - 1] + 1 if j > prev else a
            old = spans.get(seg.rev)
            spans[seg.rev] = (min(a, old[0]), max(b, old[1])) if old else (a, b)
        j = prev
    o_of_r = [0] * len(reviewed.text)
    k = 0
    last = 0
    for i in range(len(reviewed.text)):
        if k < len(origin) and origin[k] == i:
            last = o_of_dec[k]
            k += 1
        o_of_r[i] = last
    return Walk(decisions, spans, o_of_r, reviewer)


def _combine(a: str | None, b: str | None) -> str | None:
    if a is None or a == b:
        return b
    return MODIFIED


def _snip(s: str, n: int = 70) -> str:
    s = s.replace("\n", " / ").replace("\t", " ").replace("\v", " ")
    return s if len(s) <= n else s[: n - 3] + "..."


def _not_this_draft(name: str, original: WordText, seg: Segment, states: dict, text: str) -> DrafterError:
    """Where the review stops matching the draft, and whether it looks like this draft edited with
    tracking off (most of its paragraphs are the draft's, in either state) or another document."""
    want = original.text[seg.start:seg.end]

    def common(j: int) -> int:
        n = 0
        while n < len(want) and j + n < len(text) and text[j + n] == want[n]:
            n += 1
        return n
    j = max(states, key=common)
    para = original.paragraph_of(seg.start + common(j))
    start = original.paragraph_starts[para]
    end = original.text.find("\n", start)
    j += start - seg.start if start > seg.start else 0
    ours = set(original.view(True).split("\n")) | set(original.view(False).split("\n"))
    theirs = [p for p in text.split("\n") if p.strip()]
    if theirs and sum(p in ours for p in theirs) >= 0.9 * len(theirs):
        return DrafterError(Problem(
            f"edited with tracking off: the draft's {_snip(original.text[start:end])!r} reads "
            f"{_snip(text[j:j + 60])!r} with no tracked change; redo that edit with tracking on", file=name))
    return DrafterError(Problem(
        f"not a review of this draft: its text differs from the draft's at {_snip(original.text[start:end])!r} "
        f"(the review has {_snip(text[j:j + 60])!r})", file=name))


def change_decisions(original: WordText, walk_: Walk, reviewed: WordText, owner: dict[int, int],
                     changes: int) -> tuple[dict[int, str], dict[int, list[int]]]:
    """Per change of the draft: its decision, and the reviewer's revisions that touch its revisions.

    `owner` maps each original revision to the change (comment id) it belongs to.
    """
    touched: dict[int, list[int]] = {}
    runs = reviewer_runs(reviewed, walk_.reviewer)
    decided: dict[int, str | None] = {}
    # A paragraph mark is decided with its words: LibreOffice keeps them as two revisions, and a reviewer
    # who rejects an inserted paragraph's words may leave its empty mark behind.
    worded = {c for r, c in owner.items() if r in walk_.decisions and not original.revisions[r].mark}
    for rev, change in owner.items():
        if rev not in walk_.decisions:
            continue
        if not (original.revisions[rev].mark and change in worded):
            decided[change] = _combine(decided.get(change), walk_.decisions[rev])
        if original.revisions[rev].mark:
            continue  # a paragraph break: a new paragraph after an inserted one does not edit it
        a, b = walk_.spans[rev]
        for n, (p, q, _) in enumerate(runs):
            if p <= b and q >= a and reviewed.text[p:q].strip("\n") and n not in touched.setdefault(change, []):
                touched[change].append(n)
    out = {}
    for c in range(changes):
        d = decided.get(c) or PENDING
        out[c] = MODIFIED if touched.get(c) else d
    return out, touched


def reviewer_runs(reviewed: WordText, reviewer: set[int]) -> list[tuple[int, int, int]]:
    """The reviewer's revisions as stretches of the reviewed stream: (start, end, revision index)."""
    out: list[tuple[int, int, int]] = []
    for i in range(len(reviewed.text)):
        r = reviewed.ins[i] if reviewed.ins[i] in reviewer else reviewed.dele[i] if reviewed.dele[i] in reviewer else -1
        if r < 0:
            continue
        if out and out[-1][2] == r and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1, r)
        else:
            out.append((i, i + 1, r))
    return out


def owners(original: WordText) -> dict[int, int]:
    """Each revision of the original redline -> the change (comment id) whose revisions it is.

    The draft anchors change k's comment (id k) on the revisions it produced,
    authored like them: the innermost comment by the same author around a
    revision owns it; a paragraph mark belongs with the revision before it.
    """
    ranges = []
    for c in original.comments:
        if c.start is None or not c.cid.isdigit():
            continue
        ranges.append((c.start, c.end, c.author, int(c.cid)))
    out: dict[int, int] = {}
    spans: dict[int, list[int]] = {}
    for i in range(len(original.text)):
        r = original.ins[i] if original.ins[i] >= 0 else original.dele[i]
        if r >= 0:
            spans.setdefault(r, [i, i + 1])[1] = i + 1
    for r, (a, b) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        rev = original.revisions[r]
        inside = [(e - s, cid) for s, e, author, cid in ranges if s <= a and b <= e and author == rev.author]
        if inside:
            out[r] = min(inside)[1]
        elif a > 0:
            before = original.ins[a - 1] if original.ins[a - 1] >= 0 else original.dele[a - 1]
            if before in out:
                out[r] = out[before]
    for r, (a, b) in spans.items():  # a mark or a revision outside every range: the nearest range by its author
        if r not in out:
            near = [(min(abs(a - s), abs(a - e)), cid) for s, e, author, cid in ranges
                    if author == original.revisions[r].author]
            if near:
                out[r] = min(near)[1]
    return out
