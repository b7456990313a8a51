"""The words an amending act quotes: a provision's old and new wording -> instructions a lawyer can read aloud.

Each instruction, carried out literally, changes exactly what the redline shows:

- quoted old words are whole words (they begin with a word and end with a word or a
  closing mark), occur as such in the provision or the sentence named, and are counted
  ("where they occur for the second time") when they occur more than once there;
- a proper name (a run of capitalised words, perhaps joined by "of" or "of the": "Ali
  Majlis of the Nakhichevan Autonomous Republic") is never cut: a change touching it quotes it whole;
- changes a few words apart become one instruction;
- words only added are 'after (before) the words "X", the words "Y" shall be added' (a
  space between them, none before a punctuation mark); words only deleted are deleted
  with the space before them.

`instructions` returns them in text order, each stated against the wording the earlier
ones leave, or None when they would be long or unclear: then the act states the
provision in its new wording instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import words
from ..worddiff import DELETE, EQUAL, diff_words, tokens

#: Changes with fewer words than this between them become one instruction.
NEAR = 4
#: An anchor for added words grows up to this many words to be unique before it is counted instead.
ANCHOR_WORDS = 6

_WORD = re.compile(r"\w")
_OPENING = ("(", "\u201c", '"', "\u00ab")
_CLOSING = (".", ",", ";", ":", ")", "\u201d", '"', "\u00bb", "!", "?")
_CAPITAL = r"[A-Z\u0130\u018f\u015e\u00c7\u011e\u00d6\u00dc][\w'\u2019-]*"
_NAME = re.compile(_CAPITAL + r"(?:\s+(?:of\s+(?:the\s+)?)?" + _CAPITAL + ")*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a provision's words."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


@dataclass(frozen=True)
class Instruction:
    """One change of words: `form` "replace", "delete", "after" or "before"."""

    form: str
    old: str  # the words replaced or deleted, or the anchor the new words go after (before)
    new: str  # the new or added words ("" for a deletion)
    sentence: int | None  # the sentence (from 1) the words are counted in, None: the whole wording
    nth: int | None  # which occurrence of `old` in that scope, None when it is the only one


def names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each proper name of `text`: runs of capitalised words, perhaps joined by 'of' or
    'of the' ("Ali Majlis of the Nakhichevan Autonomous Republic")."""
    return [m.span() for m in _NAME.finditer(text)]


def _is_word(tok: str) -> bool:
    return bool(_WORD.match(tok))


def _starts_clean(s: str) -> bool:
    toks = tokens(s)
    return bool(toks) and (_is_word(toks[0]) or toks[0] in _OPENING)


def _ends_clean(s: str) -> bool:
    toks = tokens(s)
    return bool(toks) and (_is_word(toks[-1]) or toks[-1] in _CLOSING) and \
        not (len(toks) > 1 and toks[-1] in _CLOSING and toks[-2].isspace())


def _segments(before: str, after: str) -> list[list]:
    """[equal?, old, new] runs: equal runs alternate with changed ones."""
    out: list[list] = []
    for op, text in diff_words(before, after):
        if op == EQUAL:
            out.append([True, text, text])
            continue
        if not out or out[-1][0]:
            out.append([False, "", ""])
        if op == DELETE:
            out[-1][1] += text
        else:
            out[-1][2] += text
    return out


def _merge(segs: list[list]) -> list[list]:
    out: list[list] = []
    for seg in segs:
        if not seg[1] and not seg[2]:
            continue
        if out and out[-1][0] == seg[0]:
            out[-1][1] += seg[1]
            out[-1][2] += seg[2]
        else:
            out.append(list(seg))
    return out


def _pull(segs: list[list], k: int, side: str) -> bool:
    """Move one token of the equal run on `side` of change `k` into it; False at the edge of the text."""
    j = k - 1 if side == "left" else k + 1
    if j < 0 or j >= len(segs):
        return False
    toks = tokens(segs[j][1])
    tok = toks[-1] if side == "left" else toks[0]
    rest = "".join(toks[:-1] if side == "left" else toks[1:])
    segs[j][1] = segs[j][2] = rest
    if side == "left":
        segs[k][1], segs[k][2] = tok + segs[k][1], tok + segs[k][2]
    else:
        segs[k][1], segs[k][2] = segs[k][1] + tok, segs[k][2] + tok
    return True


def _problem(segs: list[list], k: int, name_spans: tuple[list, list]) -> str | None:
    """Which side change `k` must grow to, or None when it can be quoted as it is."""
    old, new = segs[k][1], segs[k][2]
    left = segs[k - 1][1] if k > 0 else ""
    right = segs[k + 1][1] if k + 1 < len(segs) else ""
    b0 = sum(len(s[1]) for s in segs[:k])
    a0 = sum(len(s[2]) for s in segs[:k])
    for (start, end), spans in (((b0, b0 + len(old)), name_spans[0]), ((a0, a0 + len(new)), name_spans[1])):
        for ns, ne in spans:
            if ns < start < ne:
                return "left"
            if ns < end < ne:
                return "right"
    if old and new:
        if not (_starts_clean(old) and _starts_clean(new)):
            return "left" if k > 0 else "right"
        if not (_ends_clean(old) and _ends_clean(new)):
            return "right" if k + 1 < len(segs) else "left"
        return None
    if not old:  # words added
        if new.startswith(" ") and _starts_clean(new[1:]) and _ends_clean(new[1:]) and left and \
                not left[-1].isspace():
            return None
        if new[:1] in (",", ";", ":") and _ends_clean(new) and left and _is_word(left[-1]):
            return None
        if new.endswith(" ") and _starts_clean(new[:-1]) and _ends_clean(new[:-1]) and right and \
                (_is_word(right[0]) or right[0] in _OPENING) and (not left or left[-1].isspace()):
            return None
        return "left" if k > 0 else "right"
    # words deleted, with the space before them (at the start of the text: the space after them)
    if old.startswith(" ") and _starts_clean(old[1:]) and _ends_clean(old[1:]) and left and \
            not left[-1].isspace() and (not right or right[0].isspace() or right[0] in _CLOSING):
        return None
    if k == 0 and old.endswith(" ") and _starts_clean(old[:-1]) and _ends_clean(old[:-1]):
        return None
    return "left" if k > 0 else "right"


def _rotate(segs: list[list]) -> None:
    """Slide an added (deleted) stretch over the space it shares with its left neighbour:
    'X ' + 'Y ' is the same text as 'X' + ' Y '."""
    for k, (equal, old, new) in enumerate(segs):
        if equal or k == 0 or (old and new):
            continue
        moved = old or new
        left = segs[k - 1][1]
        if moved.endswith(" ") and not moved.startswith(" ") and left.endswith(" "):
            moved = " " + moved[:-1]
            segs[k - 1][1] = segs[k - 1][2] = left[:-1]
            if k + 1 < len(segs):
                segs[k + 1][1] = segs[k + 1][2] = " " + segs[k + 1][1]
            else:
                segs.append([True, " ", " "])
            if old:
                segs[k][1] = moved
            else:
                segs[k][2] = moved


def _changes(before: str, after: str) -> list[list] | None:
    segs = _merge(_segments(before, after))
    _rotate(segs)
    segs = _merge(segs)
    spans = (names(before), names(after))
    for _ in range(10_000):
        changed = False
        for k in range(len(segs)):
            if segs[k][0]:
                continue
            if k + 2 < len(segs) and sum(map(_is_word, tokens(segs[k + 1][1]))) < NEAR:
                segs[k][1] += segs[k + 1][1] + segs[k + 2][1]
                segs[k][2] += segs[k + 1][2] + segs[k + 2][2]
                del segs[k + 1:k + 3]
                changed = True
                break
            side = _problem(segs, k, spans)
            if side is not None:
                if not _pull(segs, k, side) and not _pull(segs, k, "right" if side == "left" else "left"):
                    return None
                segs = _merge(segs)
                changed = True
                break
        if not changed:
            return segs
    return None


def _scope(text: str, start: int, end: int) -> tuple[int | None, int, int]:
    """The sentence (from 1; None if the text has one, or the words run over two) holding text[start:end]."""
    spans = sentences(text)
    if len(spans) > 1:
        for n, (a, b) in enumerate(spans, start=1):
            if a <= start and end <= b:
                return n, a, b
    return None, 0, len(text)


def _counted(text: str, quoted: str, at: int, start: int, end: int) -> int | None | bool:
    """The occurrence of `quoted` at `at` within text[start:end]: None if it is the only one, False if
    it is not there as whole words."""
    hits = [start + h for h in words.starts(text[start:end], quoted)]
    if at not in hits:
        return False
    return None if len(hits) == 1 else hits.index(at) + 1


def _anchor(text: str, at: int, side: str, spans: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    """Whole words ending (starting) at `at`, short but unique in their scope: (words, start, occurrence)."""
    toks = tokens(text[:at]) if side == "after" else tokens(text[at:])
    seq = toks[::-1] if side == "after" else toks
    taken, nwords = [], 0
    best = None
    for tok in seq:
        taken.append(tok)
        if not _is_word(tok):
            continue
        nwords += 1
        quoted = "".join(taken[::-1] if side == "after" else taken)
        a, b = (at - len(quoted), at) if side == "after" else (at, at + len(quoted))
        if not (_starts_clean(quoted) and _ends_clean(quoted)):
            continue
        if any(ns < a < ne or ns < b < ne for ns, ne in spans):
            continue
        n, s, e = _scope(text, min(a, at), max(b, at))
        nth = _counted(text, quoted, a, s, e)
        if nth is False:
            continue
        best = (quoted, a, nth)
        if nth is None or nwords >= ANCHOR_WORDS:
            return best
    return best


def instructions(before: str, after: str) -> list[Instruction] | None:
    """The instructions turning `before` into `after`, in text order; None when none can be quoted cleanly."""
    if before == after:
        return []
    segs = _changes(before, after)
    if segs is None:
        return None
    out: list[Instruction] = []
    text = before  # as the earlier instructions leave it
    pos = 0
    for equal, old, new in segs:
        if equal:
            pos += len(new)
            continue
        if old and new:
            n, s, e = _scope(text, pos, pos + len(old))
            nth = _counted(text, old, pos, s, e)
            if nth is False:
                return None
            out.append(Instruction("replace", old, new, n, nth))
        elif not new:
            quoted = old.strip()
            at = pos + (len(old) - len(old.lstrip()))
            n, s, e = _scope(text, at, at + len(quoted))
            if n is not None and at == s:  # the space it goes with lies outside the sentence
                n, s, e = None, 0, len(text)
            nth = _counted(text, quoted, at, s, e)
            if nth is False:
                return None
            out.append(Instruction("delete", quoted, "", n, nth))
        else:
            side = "after" if new.startswith(" ") or new[:1] in (",", ";", ":") else "before"
            found = _anchor(text, pos, side, names(text))
            if found is None:
                return None
            quoted, a, _ = found
            lo, hi = min(a, pos), max(a + len(quoted), pos)
            n, s, e = _scope(text, lo, hi)
            nth = _counted(text, quoted, a, s, e)
            if nth is False:
                return None
            out.append(Instruction(side, quoted, new.strip(), n, nth))
        text = text[:pos] + new + text[pos + len(old):]
        pos += len(new)
    return out if text == after else None
