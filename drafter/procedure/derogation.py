"""Article 156, part V by substance: the provisions of the main text a new provision derogates from.

A Constitutional Law must not contradict the main text, so a new provision
that derogates from it can only be adopted by referendum. A derogation is
declared by the template's edit (``derogates:``), or found in the new words
by the rule file's detector; a found one the edit does not declare is a
warning for the drafter, never silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..address import citation_of, find
from ..amend import Amendment
from ..errors import DrafterError, Problem
from ..model import Provision
from ..xref import find_references
from .places import place
from .rules import Rules


@dataclass(frozen=True)
class Derogated:
    """A provision of the main text a change departs from: declared by its template, or found in its words."""

    provision: str  # citation in the base text
    reason: str
    declared: bool
    articles: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()


_SENTENCE = re.compile(r"(?<=[.])\s+")


def _sentences(node: Provision | None) -> list[tuple[str, str]]:
    """(eId, sentence) for every sentence of a provision's words, its children's included."""
    out = []
    for d in (node.walk() if node is not None else ()):
        for words in (d.heading, d.text):
            out.extend((d.eid, s) for s in _SENTENCE.split(" ".join((words or "").split())) if s)
    return out


def _around(sentence: str, match: re.Match, width: int = 70) -> str:
    """The words of a sentence around what matched, for a message."""
    start, end = max(0, match.start() - width), min(len(sentence), match.end() + width)
    return ("..." if start else "") + sentence[start:end] + ("..." if end < len(sentence) else "")


@lru_cache(maxsize=None)
def _words(words: tuple[str, ...]) -> re.Pattern:
    # Compiled once per process: the rule file's words are the same for every change and draft.
    return re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in words) + r")\b")


def _covers(declared: str, found: str) -> bool:
    """Whether a declared derogation covers one found in the words: the same provision, one inside the
    other, or, for a kind of act limited (`found` an article-level candidate), the same article."""
    return declared == found or found.startswith(declared + "__") or declared.startswith(found + "__") \
        or declared.split("__")[0] == found.split("__")[0]


def derogations(amendment: Amendment, rules: Rules) -> dict[int, tuple[Derogated, ...]]:
    """The provisions each change derogates from, by `id` of the change: those its template's edit
    declares (`derogates:`), then those its new words suggest and the edit does not declare.

    Found in the words: a new sentence that cites an existing provision together with a marker
    ("notwithstanding", "except", "does not apply" ...), or that limits where laws, decrees or the
    Constitution apply (the provision that makes them bind). Raises `DrafterError` at the template's
    line when a declared provision does not exist.
    """
    base, detector = amendment.base, rules.derogation
    markers, limiting = _words(detector.markers), _words(detector.limiting)
    templates = {t.id: t for t in amendment.templates}
    problems: list[Problem] = []
    out: dict[int, tuple[Derogated, ...]] = {}
    for change in amendment.changes:
        if change.kind == "renumber":
            continue
        t = templates.get(change.template)
        edit = t.edits[change.edit] if t is not None and change.edit < len(t.edits) else None
        declared: list[tuple[str, Derogated]] = []
        for k, d in enumerate(getattr(edit, "derogates", ())):
            try:
                node = find(base, d.provision)
            except DrafterError as exc:
                loc = t.where("edits", change.edit, "derogates", k, "provision")
                problems.append(Problem(f"derogates from {d.provision!r}: {exc.problems[0].message}",
                                        file=loc.file, line=loc.line, path=loc.path))
                continue
            declared.append((node.eid, Derogated(citation_of(node.eid), d.reason, True, *place(base, node.eid))))
        found: dict[str, Derogated] = {}
        before = {s for _, s in _sentences(change.before)}
        for eid, sentence in _sentences(change.after):
            if sentence in before:
                continue  # words the provision already had
            low = sentence.lower()
            candidates: list[tuple[str, re.Match]] = []
            marked = markers.search(low)
            if marked:
                for ref in find_references(sentence, eid):
                    for address in ref.addresses:
                        candidates.extend((e, marked) for e in address.eids
                                          if e in base and base.get(e).kind != "chapter")
            limited = limiting.search(low)
            if limited:
                candidates.extend((find(base, cite).eid, limited) for words, cite in detector.scope
                                  if _words(words).search(low))
            for cand, match in candidates:
                if cand in found or any(_covers(e, cand) for e, _ in declared):
                    continue
                found[cand] = Derogated(citation_of(cand), f"{citation_of(eid)}: \u201c{_around(sentence, match)}\u201d",
                                        False, *place(base, cand))
        if declared or found:
            out[id(change)] = tuple(d for _, d in declared) + tuple(found.values())
    if problems:
        raise DrafterError(problems)
    return out
