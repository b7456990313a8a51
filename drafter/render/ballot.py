"""The ballot of a referendum (ballot.docx): the act's points grouped into the questions put to the voters.

The 2016 referendum was voted point by point; in 2002 the 39 changes were put
to the voters as 8 questions. By default each point of the act is its own
question; a template may group its edits under a named question (`question:`
on an edit, the text in the template's `questions:`). Every point goes in
exactly one question: a point holding edits of two questions is an error, and
so is a question that mixes two alternatives (the voter could not choose
between them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from lxml import etree

from ..amend import Amendment, Change
from ..errors import DrafterError, Problem
from . import layout, wordml
from .act import _and, phrase
from .plan import Plan, plan_of

FOR, AGAINST = "For", "Against"
BOX = "\u2610"


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
    return (f"points {_and([str(n) for n in points])}" if len(points) > 1 else f"point {points[0]}") + " of the Act"


def ballot_questions(amendment: Amendment, changes: Collection[Change] | None = None, *,
                     plan: Plan | None = None) -> list[Question]:
    """The questions of the ballot, in the order of the act's points; raises `DrafterError` (at the
    template's edit) when a point holds edits of two questions or a question mixes two alternatives.
    `plan`: the amendment's plan, whose statements the act has already made."""
    templates = {t.id: t for t in amendment.templates}
    points = (plan or plan_of(amendment)).statements(changes)
    problems: list[Problem] = []
    groups: dict[str | int, dict] = {}
    for n, subs in enumerate(points, start=1):
        edits = list(dict.fromkeys((e.change.template, e.change.edit) for s in subs for e in s.effects))
        named = list(dict.fromkeys(q for t, i in edits if (q := _question_of(templates, t, i))))
        if len(named) > 1:
            t, i = next((t, i) for t, i in edits if _question_of(templates, t, i) == named[1])
            problems.append(_at(templates, t, i, f"point {n} of the act holds edits of the questions "
                                                 f"{_and([repr(q) for q in named])}: a point goes in exactly one"))
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
            problems.append(_at(templates, t, i, f"{what} mixes the alternatives {_and(alternatives)}: "
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
    if problems:
        raise DrafterError(problems)
    return out


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
    return f"Do you approve the {what} {preposition} {phrase(place)} ({_points_word(group['points'])})?"


@layout.uncollected
def render_ballot(questions: list[Question], *, kind: str, heading: str, date: dt.datetime, author: str,
                  header: str) -> bytes:
    """The ballot as .docx bytes: the act it puts to the vote, then each question with For / Against."""
    meta = layout.Meta(title=f"Ballot: {kind}, {heading}", subject=f"{len(questions)} questions", author=author,
                       header=header, date=date, description="Generated by drafter: the referendum ballot")
    doc = layout.new_document(meta)
    body: list[etree._Element] = []
    for style, text in (("ActHeading", "Referendum ballot"),
                        ("ActTitle", f"{kind} \u201c{heading}\u201d"),
                        ("Subtitle", "Referendum of ____ ____________ 20__")):
        body.append(wordml.text_paragraph(text, style))
    p = wordml.paragraph("Normal")
    p.append(wordml.run(f"Mark one box for each question: \u201c{FOR}\u201d if you approve the points of the Act "
                        f"it names, \u201c{AGAINST}\u201d if you do not."))
    body.append(p)
    for q in questions:
        body.append(wordml.text_paragraph(f"Question {q.number}", "Heading3"))
        body.append(wordml.text_paragraph(q.text, "Normal", keep_next=True))
        body.append(wordml.text_paragraph(f"{BOX} {FOR}\t\t{BOX} {AGAINST}", "Normal", left=layout.HANG))
    layout.append_body(doc, body)
    return layout.to_bytes(doc, date)
