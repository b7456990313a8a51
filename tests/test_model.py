"""The pure model: the one ordering of provision numbers, and new texts made from old ones."""

from __future__ import annotations

import pytest

from drafter.load import load_edition
from drafter.model import Constitution, Provision, num_key

BASE = load_edition()


@pytest.mark.parametrize("kind, nums", [
    ("article", ["1", "9", "10", "139", "139-1", "139-2", "139-10", "140"]),
    ("chapter", ["I", "IV", "V", "VIII", "VIII-1", "VIII-2", "IX", "XII"]),
    ("part", ["I", "II", "III", "IV", "IX", "X"]),
    ("item", ["1", "2", "9", "10", "32"]),
])
def test_numbers_of_a_kind_order_as_the_constitution_numbers_them(kind, nums):
    assert sorted(reversed(nums), key=lambda n: num_key(kind, n)) == nums


@pytest.mark.parametrize("kind, num", [("article", "Article 5"), ("chapter", "8"), ("part", "II-x"), ("item", "a")])
def test_what_is_not_a_number_of_its_kind_is_a_value_error(kind, num):
    with pytest.raises(ValueError):
        num_key(kind, num)


def _answers(text: Constitution) -> dict:
    return {e: (text.get(e), getattr(text.parent_of(e), "eid", None)) for e in text.eids()}


def _fresh(text: Constitution) -> dict:
    return _answers(Constitution(text.edition, text.body, text.repealed))


def test_a_new_subtree_gives_a_new_text_whose_index_is_that_of_its_words_and_the_old_text_is_untouched():
    before = _answers(BASE)
    old = BASE.get("art_144__part_I")
    new = Provision("part", old.eid, old.num, None, "New words.",
                    (Provision("item", "art_144__part_I__item_1", "1", None, "One."),))
    text = BASE.with_subtree(old.eid, new)
    assert text.get(old.eid) is new and "art_144__part_I__item_2" not in text
    assert text.parent_of("art_144__part_I__item_1").eid == old.eid
    assert _answers(text) == _fresh(text)
    assert _answers(BASE) == before and BASE.get(old.eid) is old


def test_a_text_that_hands_its_index_over_still_answers_for_itself():
    first = BASE.with_subtree("art_1", BASE.get("art_1"))
    second = first.with_subtree("art_144", Provision("article", "art_144", "144", "Heading", "Words."),
                                hand_over=True)
    third = second.with_repealed("art_145", hand_over=True)
    assert "art_144__part_I" not in third and "art_145" in third.repealed
    assert _answers(third) == _fresh(third)
    assert _answers(first) == _fresh(first) and "art_144__part_I" in first  # rebuilt when read again
