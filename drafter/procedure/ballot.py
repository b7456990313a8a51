"""The questions a referendum puts to the voters: the Referendum Act's points grouped into questions.

The 2016 referendum was voted point by point; in 2002 the 39 changes were put
to the voters as 8 questions. By default each point of the act is its own
question; a template may group its edits under a named question (`question:`
on an edit, the text in the template's `questions:`). Every point goes in
exactly one question: a point holding edits of two questions is an error, and
so is a question that mixes two alternatives (the voter could not choose
between them). `draft` makes the questions (`ballot_questions`, written by
`render.ballot`); `drafter check` reports the same problems (`ballot_problems`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..address import joined, phrase_of, several
from ..amend import Amendment, Change
from ..errors import DrafterError, Problem
from .route import Procedure, procedure_for
from .rules import Rules

if TYPE_CHECKING:
    from ..plan import Plan


@dataclass(frozen=True)
class Question:
    """One ballot question: its text as printed, the act's points it carries, and their edits."""

    number: int
    id: str | None  # the templates' question id; None: the default question of one point
    text: str
    points: tuple[int, ...]
    edits: tuple[tuple[str, int], ...]  # (template, edit index from 0)

    def to_json(self) -> dict:
        """As report.json maps it: edits numbered from 1, as its list of changes numbers them."""
        return {"number": self.number, "id": self.id, "text": self.text, "points": list(self.points),
                "edits": [{"option": t, "edit": e + 1} for t, e in self.edits]}


def _points_word(points: list[int]) -> str:
    return f"{several('point', [str(n) for n in points])} of the Act"


def ballot_questions(amendment: Amendment, changes: Collection[Change] | None = None, *,
                     plan: Plan | None = None) -> list[Question]:
    """The questions of the ballot, in the order of the act's points; raises `DrafterError` (at the
    template's edit) when a point holds edits of two questions or a question mixes two alternatives.
    `plan`: the amendment's plan, whose statements the act has already made."""
    questions, problems = _questions(amendment, changes, plan)
    if problems:
        raise DrafterError(problems)
    return questions


def ballot_problems(amendment: Amendment, rules: Rules | None, procedure: Procedure | None = None) -> list[Problem]:
    """What would stop `draft` writing the ballot of an amendment (`ballot_questions`' problems), for
    `drafter check`: none when the edition has no rules or the draft's act is not put to the voters.
    `procedure`: the amendment's, made from `rules` when not given."""
    if rules is None or not _may_clash(amendment):
        return []
    procedure = procedure or procedure_for(amendment, rules)
    act = procedure.instruments[0] if procedure.instruments else None
    return _questions(amendment, act.changes, None)[1] if act is not None and act.ballot else []


def _may_clash(amendment: Amendment) -> bool:
    """Whether the ballot can be wrong at all: only named questions, or two alternatives in one draft,
    can put a point in two questions, give a question two texts or mix alternatives; with neither,
    each point is a question of its own."""
    return any(e.question for t in amendment.templates for e in t.edits) or \
        sum(t.kind == "alternative" for t in amendment.templates) > 1


def _points(amendment: Amendment, changes: Collection[Change] | None, plan: Plan | None) -> list:
    """The act's points stating `changes`, from the amendment's plan (made when not given)."""
    if plan is None:
        # Imported when a ballot is made, so that `drafter check` loads the plan only for a draft whose
        # ballot can be wrong.
        from ..plan import plan_of

        plan = plan_of(amendment)
    return plan.statements(changes)


def _questions(amendment: Amendment, changes: Collection[Change] | None,
               plan: Plan | None) -> tuple[list[Question], list[Problem]]:
    """The questions of the ballot and every problem found making them (the questions are whole only
    when there is none)."""
    templates = {t.id: t for t in amendment.templates}
    points = _points(amendment, changes, plan)
    problems: list[Problem] = []
    groups: dict[str | int, dict] = {}
    for n, subs in enumerate(points, start=1):
        edits = list(dict.fromkeys((e.change.template, e.change.edit) for s in subs for e in s.effects))
        named = list(dict.fromkeys(q for t, i in edits if (q := _question_of(templates, t, i))))
        if len(named) > 1:
            t, i = next((t, i) for t, i in edits if _question_of(templates, t, i) == named[1])
            problems.append(_at(templates, t, i, f"point {n} of the act holds edits of the questions "
                                                 f"{joined([repr(q) for q in named])}: a point goes in exactly one"))
            continue
        key: str | int = named[0] if named else n
        group = groups.setdefault(key, {"points": [], "edits": [], "subs": []})
        group["points"].append(n)
        group["edits"].extend(e for e in edits if e not in group["edits"])
        group["subs"].extend(subs)
    out = []
    for number, (key, group) in enumerate(groups.items(), start=1):
        alternatives = list(dict.fromkeys(t for t, _ in group["edits"] if templates[t].kind == "alternative"))
        if len(alternatives) > 1:
            t, i = next(e for e in group["edits"] if e[0] == alternatives[1])
            what = f"question {key!r}" if isinstance(key, str) else f"point {key} of the act"
            problems.append(_at(templates, t, i, f"{what} mixes the alternatives {joined(alternatives)}: "
                                                 f"the voters could not choose between them"))
        if isinstance(key, str):
            texts = list(dict.fromkeys(templates[t].questions[key] for t, i in group["edits"]
                                       if key in templates[t].questions))
            if len(texts) > 1:
                t, i = group["edits"][-1]
                problems.append(_at(templates, t, i, f"question {key!r} has different texts in the templates"))
            text = f"{texts[0]} ({_points_word(group['points'])})"
        else:
            text = _default_text(group, amendment)
        out.append(Question(number, key if isinstance(key, str) else None, text, tuple(group["points"]),
                            tuple(group["edits"])))
    return out, problems


def _question_of(templates: dict, template: str, index: int) -> str | None:
    t = templates.get(template)
    return t.edits[index].question if t is not None and index < len(t.edits) else None


def _at(templates: dict, template: str, index: int, message: str) -> Problem:
    loc = templates[template].where("edits", index, "question") if template in templates else Problem("")
    return Problem(message, file=loc.file, line=loc.line, path=loc.path)


def _default_text(group: dict, amendment: Amendment) -> str:
    """ "Do you approve the amendments to Article 96 (point 2 of the Act)?"; a new article or chapter is
    "the addition of Chapter VIII-1"."""
    kinds = {"addition" if e.kind == "insert" else "amendment" for s in group["subs"] for e in s.effects}
    many = len(group["edits"]) > 1
    what = " and ".join(f"{k}{'s' if many else ''}" for k in ("amendment", "addition") if k in kinds)
    place = group["subs"][0].group
    preposition = "of" if place not in amendment.base else "to"
    return f"Do you approve the {what} {preposition} {phrase_of(place)} ({_points_word(group['points'])})?"
