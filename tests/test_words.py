"""Whole-word matching (`drafter.words`) finds what the regular expression of its definition finds:
`words` at word boundaries (\\w, as Python's `re` reads it), a word joined by a hyphen or an
apostrophe being one word, a side that is punctuation needing no boundary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter import words

JOIN = "-'\u2019"


def defined(text: str, passage: str) -> list[int]:
    """The definition, as a regular expression: where `passage` occurs in `text` as whole words."""
    head = r"(?<!\w)(?<!\w[" + JOIN + r"])" if re.match(r"\w", passage[:1]) else ""
    tail = r"(?!\w)(?![" + JOIN + r"]\w)" if re.match(r"\w", passage[-1:]) else ""
    return [m.start() for m in re.finditer(head + re.escape(passage) + tail, text)]


@pytest.mark.parametrize("text, passage, found", [
    ("the Nagorno-Karabakh region", "Karabakh", []),
    ("Article 141-1 and Article 141", "Article 141", [18]),
    ("the Milli Majlis, the Ali Majlis", ", the Ali Majlis", [16]),
    ("nationality, national", "national", [13]),
    ("d'Azerbaïdjan and Azerbaïdjan", "Azerbaïdjan", [18]),
    ("aaa", "aa", []),
    ("a a a", "a a", [0]),
    ("qanunvericilik qanun", "qanun", [15]),
    ("snake_case case", "case", [11]),
])
def test_a_passage_is_found_only_as_whole_words(text, passage, found):
    assert words.starts(text, passage) == found == defined(text, passage)
    assert words.contains(text, passage) == bool(found)


LETTERS = st.text(alphabet="ab_ -'\u2019.,1\u0259\u00a0\u216b\u00b2", max_size=16)


@settings(max_examples=2000, deadline=None)
@given(text=LETTERS, passage=LETTERS.filter(bool).map(lambda s: s[:4]))
def test_whole_words_are_found_where_the_definition_finds_them(text, passage):
    assert words.starts(text, passage) == defined(text, passage)
    assert words.contains(text, passage) == bool(defined(text, passage))


def test_an_empty_passage_is_found_nowhere():
    assert words.starts("some text", "") == [] and not words.contains("some text", "")
