"""Citations in free text (`drafter cite`): each checked, and a citation given for a subject must be
about it ("Articles 8-14 for the official language")."""

from __future__ import annotations

import bisect
import re

from ..model import Constitution, Provision
from .checking import RefResult, check_reference
from .finding import OWN_CONSTITUTION, Reference, find_references, normalise

# Free text: the subject a citation is given for ("for the official language",
# "official-language requirements", "requirements to use the official language").
_SUBJECT_AFTER = re.compile(r"\s*,?\s*for\s+(?:the\s+)?(?P<subject>[\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE)
_SUBJECT_BEFORE = (
    re.compile(r"\b(?:requirements|rules)\s+(?:to\s+use|on|for|concerning|about)\s+(?:the\s+)?"
               r"(?P<subject>[\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE),
    re.compile(r"\b(?P<subject>\w+(?:-\w+)*)\s+(?:requirements|rules)\b", re.IGNORECASE),
)
# "Article 21 governs the official language": what a verb after the citation says it is about.
_SUBJECT_VERB = re.compile(
    r"\b(?:sets?\s+out|set\s+forth|sets\s+forth|governs?|covers?|regulates?|deals?\s+with|establish(?:es)?|"
    r"lays?\s+down|concerns?|provides?\s+for|defines?|guarantees?|protects?|is\s+about|are\s+about)\s+"
    r"(?:the\s+)?(?P<subject>[\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE)
_GENERIC = frozenset("the a an official state general such these those its their legal constitutional "
                     "in of to and or with for on by as at from".split())
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")

def check_citations(constitution: Constitution, text: str, topic: str | None = None) -> list[RefResult]:
    """Every reference in free text, checked; a citation given for a subject must be about it.

    The subject is `topic` when given, otherwise what the sentence says the
    citation is for: "Articles 8-14 for the official language",
    "official-language requirements ... as noted in Articles 8-14",
    "requirements to use the official language ... Articles 8-14". Its key
    word (the last word that is not generic: "language") must occur in a
    heading or the text of a cited provision, or the citation is off-topic and
    the reason names the articles whose headings have the word.
    """
    norm = normalise(text)
    refs = find_references(text)
    ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
    out = []
    carried: tuple[int, str] | None = None  # the last subject named before a citation, and where
    for j, ref in enumerate(refs):
        # Each stretch of words between two references is read once: scanning stays linear.
        start = ends[bisect.bisect_right(ends, ref.start) - 1] if bisect.bisect_right(ends, ref.start) else 0
        stop = ends[bisect.bisect_left(ends, ref.end)] if bisect.bisect_left(ends, ref.end) < len(ends) else len(norm)
        lo = max(start, refs[j - 1].end if j else 0)
        before = _subjects(norm, lo, ref.start, _SUBJECT_BEFORE)
        if before:
            carried = (before[-1].start(), before[-1].group("subject"))
        elif carried is not None and carried[0] < start:
            carried = None
        r = check_reference(constitution, ref, None, "")
        if r.status == "ok" and r.targets:
            subject = topic or _subject_of(norm, ref, stop, refs[j + 1].start if j + 1 < len(refs) else len(norm),
                                           carried)
            if subject:
                r = _topic_check(constitution, r, subject)
        out.append(r)
    return out


def _subjects(norm: str, lo: int, hi: int, patterns: tuple[re.Pattern, ...]) -> list[re.Match]:
    """The matches of `patterns` in norm[lo:hi] that name a subject, in order."""
    found = [m for pattern in patterns for m in pattern.finditer(norm, lo, hi) if _key_word(m.group("subject"))]
    return sorted(found, key=lambda m: m.start())


def _subject_of(norm: str, ref: Reference, sentence_end: int, next_ref: int,
                before: tuple[int, str] | None) -> str | None:
    """The subject the sentence cites `ref` for, if it says one: "for the official language" after
    it, else a subject named before it in the sentence, else one named after it, before the next
    reference ("Articles 8-14 set out the official language requirements")."""
    after = ref.end
    own = OWN_CONSTITUTION.match(norm, after)
    if own:
        after = own.end()
    m = _SUBJECT_AFTER.match(norm, after, sentence_end)
    if m and _key_word(m.group("subject")):
        return m.group("subject")
    if before is not None:
        return before[1]
    later = _subjects(norm, after, min(sentence_end, next_ref), _SUBJECT_BEFORE + (_SUBJECT_VERB,))
    return later[0].group("subject") if later else None


def _key_word(subject: str) -> str | None:
    words = [w for w in re.split(r"[\s-]+", subject.lower()) if w and w not in _GENERIC]
    return words[-1] if words else None


def _mentions(node: Provision, stem: str, constitution: Constitution) -> bool:
    pattern = re.compile(rf"\b{re.escape(stem)}", re.IGNORECASE)
    article = constitution.article_of(node.eid)
    words = " ".join(filter(None, (article.heading if article else None, node.heading, node.words())))
    return bool(pattern.search(words))


def _topic_check(constitution: Constitution, r: RefResult, subject: str) -> RefResult:
    key = _key_word(subject)
    if key is None:
        return r
    stem = key[:-1] if key.endswith("s") and len(key) > 3 else key
    if any(_mentions(constitution.get(t), stem, constitution) for t in r.targets):
        return r
    pattern = re.compile(rf"\b{re.escape(stem)}", re.IGNORECASE)
    about = [a for a in constitution.articles() if a.heading and pattern.search(a.heading)]
    if about:
        hint = "; " + ", ".join(f"{a.label} ({a.heading})" for a in about) + (" does" if len(about) == 1 else " do")
    else:
        hint = ""
    reason = f"{r.text!r} is cited for {subject!r}, but {r.citation} does not mention {key!r}{hint}"
    return RefResult(r.source, r.field, r.text, r.start, r.end, r.form, "off-topic", r.targets, reason, r.citation)
