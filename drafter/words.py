"""Whole-word matching: what a `find`, an `expect` or an act's quoted words match in a provision.

Words are found as a reader finds them: case-sensitive, at word boundaries on either
side, Unicode-aware (Azerbaijani letters ə, ş, ç, ğ, ı are letters). A word joined by a
hyphen or an apostrophe is one word ("Nagorno-Karabakh", "Article 141-1"), so "Karabakh"
does not occur in "Nagorno-Karabakh" nor "Article 141" in "Article 141-1". A passage may
begin or end with punctuation (", the Ali Majlis"); only a side that begins or ends with a
letter or digit needs a boundary there.
"""

from __future__ import annotations

_JOIN = "-'\u2019"


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what a regular expression's \w matches in text


def _bounded(text: str, start: int, end: int, head: bool, tail: bool) -> bool:
    """Whether text[start:end] stands as whole words: no letter or digit (nor one joined by a hyphen
    or an apostrophe) right before it if `head`, or right after it if `tail`."""
    if head and start and (_word_char(text[start - 1])
                           or text[start - 1] in _JOIN and start > 1 and _word_char(text[start - 2])):
        return False
    return not (tail and end < len(text) and (_word_char(text[end])
                                              or text[end] in _JOIN and end + 1 < len(text)
                                              and _word_char(text[end + 1])))


def starts(text: str, words: str) -> list[int]:
    """Where `words` occur in `text` as whole words."""
    if not words:
        return []
    # Found with str.find and the boundaries checked by hand, not with a regular expression: each
    # distinct passage would cost a compilation (the engine matches dozens of them per draft).
    head, tail = _word_char(words[0]), _word_char(words[-1])
    out = []
    at = text.find(words)
    while at != -1:
        if _bounded(text, at, at + len(words), head, tail):
            out.append(at)
            at = text.find(words, at + len(words))
        else:
            at = text.find(words, at + 1)
    return out


def contains(text: str, words: str) -> bool:
    """Whether `words` occur in `text` as whole words."""
    return bool(starts(text, words))


def longer_words(text: str, words: str) -> list[str]:
    """The longer words (expressions) of `text` that hold `words` where they are no whole words:
    'national' in '... nationality ...' -> ['nationality']."""
    out: list[str] = []
    at = text.find(words)
    while at != -1:
        a, b = at, at + len(words)
        while a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_" or
                         text[a - 1] in _JOIN and a > 1 and text[a - 2].isalnum()):
            a -= 1
        while b < len(text) and (text[b].isalnum() or text[b] == "_" or
                                 text[b] in _JOIN and b + 1 < len(text) and text[b + 1].isalnum()):
            b += 1
        whole = text[a:b]
        if whole != words and whole not in out:
            out.append(whole)
        at = text.find(words, at + 1)
    return out


def quote_list(found: list[str], n: int = 3) -> str:
    """ "'nationality'", "'nationality' and 'nationals'": the longer words for a message."""
    shown = [repr(w) for w in found[:n]] + (["..."] if len(found) > n else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
