"""Word-level differences between two texts: what a reviewer sees struck and inserted.

diff-match-patch runs on words, not characters: every word, run of spaces and
punctuation mark becomes one symbol, the symbols are diffed exactly
(``Diff_Timeout = 0``, so the result never depends on the machine's speed),
cleaned up semantically and mapped back. Changing "nine" to "eleven" deletes
"nine" and inserts "eleven"; nothing is ever matched fuzzily.

A shortest edit is not always what a lawyer reads best. Adding a clause that
repeats the words of its neighbour ("X and the Ali Majlis of Nakhichevan" ->
"X, the Ali Majlis of Nakhichevan and the Ali Majlis of Karabakh") has a
shortest edit that inserts a copy of the old clause and changes one word of
the old one. So a run of at least `ANCHOR` words and spaces that both texts
share is kept whole first (the longest such run, then recursively on each
side), and diff-match-patch diffs what lies between.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = 0, -1, 1

#: A word (letters, digits, joined by hyphens or apostrophes), a run of spaces, or one other character.
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")

#: Shortest shared run of symbols (words, spaces, punctuation) kept whole before diffing the rest.
ANCHOR = 9


def tokens(text: str) -> list[str]:
    """The words, spaces and punctuation marks of `text`, in order; joined they give `text` back."""
    return TOKEN.findall(text)


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def diff_words(before: str, after: str) -> list[tuple[int, str]]:
    """(op, text) pieces turning `before` into `after`, op EQUAL, DELETE or INSERT, whole words only.

    Deletions come before insertions within a changed stretch. Joining the
    EQUAL and DELETE pieces gives `before`; EQUAL and INSERT give `after`.
    """
    if before == after:
        return [(EQUAL, before)] if before else []
    symbols: dict[str, str] = {}
    table: list[str] = []

    def encode(text: str) -> str:
        out = []
        for tok in tokens(text):
            if tok not in symbols:
                symbols[tok] = chr(0xE000 + len(table)) if len(table) < 0x1900 else chr(0x10000 + len(table))
                table.append(tok)
            out.append(symbols[tok])
        return "".join(out)

    a, b = encode(before), encode(after)
    reverse = {v: k for k, v in symbols.items()}
    dmp = _engine()
    diffs = _anchored(dmp, a, b)
    dmp.diff_cleanupMerge(diffs)
    dmp.diff_cleanupSemantic(diffs)
    out: list[tuple[int, str]] = []
    for op, chars in diffs:
        text = "".join(reverse[c] for c in chars)
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    # Deletions before insertions in every changed stretch (how Word shows them).
    ordered: list[tuple[int, str]] = []
    stretch: dict[int, str] = {}
    for op, text in out + [(EQUAL, "")]:
        if op == EQUAL:
            for kind in (DELETE, INSERT):
                if stretch.get(kind):
                    ordered.append((kind, stretch[kind]))
            stretch = {}
            if text:
                ordered.append((EQUAL, text))
        else:
            stretch[op] = stretch.get(op, "") + text
    _check(before, after, ordered)
    return ordered


def _anchored(dmp: diff_match_patch, a: str, b: str) -> list[tuple[int, str]]:
    """Diff of two symbol strings that keeps their longest shared runs whole (see the module's note)."""
    if not a or not b or a == b:
        return dmp.diff_main(a, b, False)
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if m.size < ANCHOR:
        return dmp.diff_main(a, b, False)
    return (_anchored(dmp, a[:m.a], b[:m.b]) + [(EQUAL, a[m.a:m.a + m.size])]
            + _anchored(dmp, a[m.a + m.size:], b[m.b + m.size:]))


def _check(before: str, after: str, diffs: list[tuple[int, str]]) -> None:
    """Every diff is verified: a difference that does not rebuild both texts is a bug, never output."""
    old = "".join(t for op, t in diffs if op != INSERT)
    new = "".join(t for op, t in diffs if op != DELETE)
    if old != before or new != after:
        raise RuntimeError("word diff does not reproduce its inputs")
