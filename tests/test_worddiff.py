"""Word-level differences: a changed word is struck and inserted alone, never its neighbours."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from drafter.worddiff import DELETE, EQUAL, INSERT, diff_words, tokens


@pytest.mark.parametrize("before, after, expected", [
    ("consists of 45 members.", "consists of 49 members.",
     [(EQUAL, "consists of "), (DELETE, "45"), (INSERT, "49"), (EQUAL, " members.")]),
    ("consists of nine judges", "consists of eleven judges",
     [(EQUAL, "consists of "), (DELETE, "nine"), (INSERT, "eleven"), (EQUAL, " judges")]),
    ("II.", "III.", [(DELETE, "II"), (INSERT, "III"), (EQUAL, ".")]),
    ("Article 139", "Article 139-1", [(EQUAL, "Article "), (DELETE, "139"), (INSERT, "139-1")]),
    ("same words", "same words", [(EQUAL, "same words")]),
    ("", "new", [(INSERT, "new")]),
    ("old", "", [(DELETE, "old")]),
])
def test_a_changed_word_is_deleted_and_inserted_alone(before, after, expected):
    assert diff_words(before, after) == expected


def _cuts(diffs, side_op):
    """Offsets in one side's text where the pieces start."""
    out, pos = set(), 0
    for op, text in diffs:
        if op in (EQUAL, side_op):
            out.add(pos)
            pos += len(text)
    return out


def _token_starts(text):
    out, pos = set(), 0
    for tok in tokens(text):
        out.add(pos)
        pos += len(tok)
    return out


@pytest.mark.parametrize("before, after", [
    ("the municipality decides", "the municipalities decide"),
    ("the Ali Majlis of the Nakhichevan Autonomous Republic", "the Ali Majlis of the Autonomous Republics"),
    ("elected for five years", "elected for seven years by the people"),
])
def test_a_word_is_never_split_even_when_it_shares_letters(before, after):
    diffs = diff_words(before, after)
    assert _cuts(diffs, DELETE) <= _token_starts(before)
    assert _cuts(diffs, INSERT) <= _token_starts(after)


def test_a_clause_added_beside_a_similar_one_leaves_the_old_clause_whole():
    before = "the Prosecutor's Office and the Ali Majlis of the Nakhichevan Autonomous Republic."
    after = ("the Prosecutor's Office, the Ali Majlis of the Nakhichevan Autonomous Republic and the Ali Majlis "
             "of the Nagorno-Karabakh Autonomous Republic.")
    assert diff_words(before, after) == [
        (EQUAL, "the Prosecutor's Office"), (DELETE, " and"), (INSERT, ","),
        (EQUAL, " the Ali Majlis of the Nakhichevan Autonomous Republic"),
        (INSERT, " and the Ali Majlis of the Nagorno-Karabakh Autonomous Republic"), (EQUAL, ".")]


def test_deletions_come_before_insertions_in_each_stretch():
    diffs = diff_words("a b c", "x b y")
    ops = [op for op, _ in diffs]
    assert ops == [DELETE, INSERT, EQUAL, DELETE, INSERT]


def test_tokens_give_the_text_back():
    text = "I. The Ali Majlis (45 members) — elected; Article 139-1, part II."
    assert "".join(tokens(text)) == text
    assert "139-1" in tokens(text)


@given(st.text(alphabet="ab .,-\u00e9", max_size=40), st.text(alphabet="ab .,-\u00e9", max_size=40))
def test_the_pieces_rebuild_both_texts(before, after):
    diffs = diff_words(before, after)
    assert "".join(t for op, t in diffs if op != INSERT) == before
    assert "".join(t for op, t in diffs if op != DELETE) == after
    assert all(t for _, t in diffs)


@given(st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "nine", "eleven"]), min_size=1, max_size=30))
def test_many_distinct_words_still_map_to_symbols(words):
    before = " ".join(words)
    after = " ".join(reversed(words))
    diffs = diff_words(before, after)
    assert "".join(t for op, t in diffs if op != DELETE) == after
