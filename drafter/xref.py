"""Cross-references: every citation in a text found, resolved to eIds, and checked.

Finding scans running text with the citation tokens of `drafter.address` and
hands each run of tokens to `address.parse_all`, so a reference means here
exactly what it means to `drafter show` and to the templates. What this module
adds is what running text needs and a bare citation does not:

- where a citation starts and stops, and whether it belongs to this
  Constitution ("Article 101 of the present Constitution") or to another law
  ("Article 85 of the Republic of Azerbaijan law "On Elections ..."");
- mentions that name no provision but are references all the same: "this
  Constitution", "by law", "a constitutional law";
- the translation's elisions: "items 2, 3, 4 of the present Article" when the
  items sit in the article's only itemised part, and the defective "items 1-7
  of section of this Article", whose part has no number.

Checking turns each reference into a `RefResult` with a status from
`STATUSES` and a one-sentence reason. Problems are values, never exceptions:
the caller decides what fails (`BROKEN`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .address import (CITATION_TOKEN, LEVEL, PAREN_CLOSE, PAREN_OPEN, ROMAN_RE, Address, citation_of, compress,
                      describe_contents, nearby, parse_all, practised)
from .errors import CitationSyntaxError, DrafterError, Problem, UnknownProvision
from .fileio import read_data
from .load import edition_dir
from .model import Constitution, Provision, make_eid, num_key, to_roman

if TYPE_CHECKING:
    from .amend import Amendment

#: Every status a checked reference can have, from fine to worst: a list reports its worst member.
#: "off-topic" only comes from free text (`check_citations`).
STATUSES = ("ok", "external", "off-topic", "ambiguous", "incomplete", "partial-range", "wrong-container",
            "repealed", "dangling")
#: The statuses that make a reference wrong as written.
BROKEN = frozenset(STATUSES[2:])

KNOWN_FILE = "xref-known.yaml"

_DASHES = str.maketrans({**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
                         "\u00a0": " ", "\u202f": " "})

# Between two tokens of one citation: "Article 5, part II", "part III of this Article",
# "items 1 to 7 in section III of the present Article", "Articles 95 and 96".
_LINK = re.compile(r"\s*(?:,\s*)?(?:(?:of|in|and|or|the)\s+)*", re.IGNORECASE)
# A keyword whose number the text leaves out: "items 1-7 of section of this Article".
_MISSING = re.compile(
    r"\s+(?:of|in)\s+(?:the\s+)?(?P<word>sections?|parts?|paragraphs?|items?)\s+(?:of|in)\s+(?:the\s+)?",
    re.IGNORECASE)
_MISSING_KIND = {"section": "part", "paragraph": "part", "part": "part", "item": "item"}
# The kind a citation keyword names, by its first four letters ("arts." is "article").
_KEYWORD_KIND = {"arti": "article", "arts": "article", "art.": "article", "art": "article", "chap": "chapter",
                 "part": "part", "para": "part", "sect": "part", "item": "item", "poin": "item", "clau": "item"}
# "... of the present Constitution": the citation is of this Constitution.
_OWN = re.compile(r",?\s+of\s+(?:this|the\s+present|the)\s+Constitution\b"
                  r"(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?(?!\s+of\s+the\s+Nakh)")
# "... of the Republic of Azerbaijan law "On Elections ..."": an article of another law.
_FOREIGN = re.compile(
    r",?\s+of\s+(?:the\s+|a\s+|an\s+)?(?:"
    r"(?:(?!Constitution\b)[\w'’-]+\s+){0,8}?(?:[Ll]aws?|[Cc]odes?|[Aa]ct|[Cc]onvention|[Tt]reaty|[Cc]harter)\b"
    r"|Constitution\s+of\s+the\s+Nakh\w+\s+Autonomous\s+Republic\b)"
    r"(?:\s+[\"“][^\"”]*[\"”])?")

# Mentions that name no provision, in order of precedence where they overlap.
_MENTIONS = (
    ("other-constitution", "external",
     r"\b[Tt]he\s+Constitution(?:\s+and\s+(?:the\s+)?laws)?\s+of\s+the\s+Nakh\w+\s+Autonomous\s+Republic\b"),
    ("constitutional-law", "external",
     r"\b[Cc]onstitutional\s+[Ll]aws?\b(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
    ("external-law", "external", r"\b[Ll]aws?\s+[\"“]On\s[^\"”]*[\"”]"),
    ("external-law", "external",
     r"\b(?:[Aa]|[Tt]he)\s+law\s+(?:of\s+the\s+Republic\s+of\s+Azerbaijan\s+)?on\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?"),
    ("external-law", "external",
     r"\b(?:by|under|with|to)\s+(?:the\s+|a\s+)?laws?\b(?!-)(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
    ("this-constitution", "ok", r"\b(?:[Tt]his|[Tt]he\s+present)\s+Constitution\b"),
    ("the-constitution", "ok", r"\b[Tt]he\s+Constitution\b(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
)
_MENTION_REASON = {
    "other-constitution": "refers to the Constitution of the Nakhchivan Autonomous Republic, not to this one",
    "constitutional-law": "refers to a constitutional law, which is not part of this text",
    "external-law": "refers to legislation, not to a provision of the Constitution",
    "external-article": "cites an article of another law, not of the Constitution",
}

# "this Article" is only a reading of context when the text has a context to give; the
# placeholder lets a citation be read for its shape alone.
_PLACEHOLDER = "art_1__part_I__item_1__para_1"

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


def normalise(text: str) -> str:
    """`text` with dashes made "-" and no-break spaces made " ", character for character.

    The paper writes "Articles 8\u201114" with a non-breaking hyphen; offsets stay valid
    because each character is replaced by exactly one.
    """
    return text.translate(_DASHES)


@dataclass(frozen=True)
class Reference:
    """One reference in a text: where, the words, its form, and the addresses it names.

    ``status`` is set when reading alone decides it (``external``,
    ``incomplete``, ``ambiguous``), with ``reason``; otherwise it is None and
    the constitution decides. ``spans`` says where each address is named, for
    links. ``missing`` is the kind whose number the text leaves out.
    """

    start: int
    end: int
    text: str
    form: str
    addresses: tuple[Address, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    status: str | None = None
    reason: str = ""
    missing: str | None = None


@dataclass(frozen=True)
class RefResult:
    """A reference checked against a constitution: what it names, or why it names nothing."""

    source: str | None  # eId of the citing provision; None for free text
    field: str  # "heading" or "text" of the source; "" for free text
    text: str
    start: int
    end: int
    form: str
    status: str
    targets: tuple[str, ...] = ()
    reason: str = ""
    citation: str | None = None  # what the reference names, as drafter writes it

    @property
    def where(self) -> str:
        """The citing provision as a citation ("Article 130, part V"), or "text"."""
        return citation_of(self.source) if self.source else "text"

    def to_dict(self) -> dict:
        return {"source": self.source, "where": self.where, "field": self.field, "text": self.text,
                "start": self.start, "end": self.end, "form": self.form, "status": self.status,
                "citation": self.citation, "targets": list(self.targets), "reason": self.reason}

    def line(self) -> str:
        """One line for the terminal: where, status, the words, and why."""
        return result_line(self.to_dict())


def result_line(result: dict) -> str:
    """A checked reference (`RefResult.to_dict`) in one line: where, status, the words, and why."""
    why = result["reason"] or result["citation"]
    head = f"{result['where']}: " if result["source"] else ""
    return f"{head}{result['status']}: {result['text']!r} [{result['form']}]" + (f": {why}" if why else "")


# ---- finding -----------------------------------------------------------------

def find_references(text: str, context: str | None = None) -> list[Reference]:
    """Every reference in `text`, in order; `context` is the eId "this Article" refers to."""
    return list(_find_references(text, context))


@lru_cache(maxsize=1 << 18)
def _find_references(text: str, context: str | None) -> tuple[Reference, ...]:
    # Reading depends on the words and the context alone, and a draft reads the same words many
    # times (the check, the impact on the base text, the links of the redline and of the
    # consolidated text, every draft of a run): read each once.
    norm = normalise(text)
    # What is taken, as disjoint spans sorted by start: a mention overlapping one is found by bisection.
    starts: list[int] = []
    ends: list[int] = []
    found: list[Reference] = []
    for ref, claim_end in _citations(norm, text, context):
        starts.append(ref.start)
        ends.append(claim_end)
        found.append(ref)
    for form, status, pattern in _MENTIONS:
        for m in re.finditer(pattern, norm):
            at = bisect.bisect_left(starts, m.end())
            if at and ends[at - 1] > m.start():
                continue
            starts.insert(at, m.start())
            ends.insert(at, m.end())
            found.append(Reference(m.start(), m.end(), text[m.start():m.end()], form, status=status,
                                   reason=_MENTION_REASON.get(form, "")))
    return tuple(sorted(found, key=lambda r: r.start))


def _usable(m: re.Match) -> bool:
    """Whether a token can be part of a citation in running text (upper-case Roman numerals only)."""
    for name in ("num", "end", "bare"):
        value = m.group(name)
        if value and any(c.isalpha() for c in value) and not value.isupper():
            return False
    return True


def _plural(m: re.Match) -> bool:
    kw = (m.group("kw") or "").lower().rstrip(".")
    return kw.endswith("s") and kw != "arts"


def _citations(norm: str, text: str, context: str | None) -> Iterator[tuple[Reference, int]]:
    """The citations of provisions in `norm`, each with the end of what it claims (its qualifier).

    Linear in the text: a run of tokens is cut where it cannot be one citation
    (two articles side by side) and holds at most `_MAX_KEYWORDS` keywords, and
    only its prefixes that end before a keyword are tried.
    """
    tokens = [m for m in CITATION_TOKEN.finditer(norm) if _usable(m)]
    i = 0
    while i < len(tokens):
        first = tokens[i]
        if first.group("bare") or (first.group("this") and first.group("this_kind").lower() != "article"
                                   and not _continues(norm, tokens, i)):
            i += 1
            continue
        chain, missing, close = _chain(norm, tokens, i)
        for k in range(len(chain), 0, -1):
            if k < len(chain) and chain[k].group("bare"):
                continue
            read = _read(norm, text, chain[:k], missing if missing is not None and missing < k else None, context,
                         close if k == len(chain) else None)
            if read is not None:
                break
        else:
            read = _unreadable(norm, text, first)
            k = 1
        if read is not False:
            yield read
        i += k


def _continues(norm: str, tokens: list[re.Match], i: int) -> bool:
    return i + 1 < len(tokens) and bool(_LINK.fullmatch(norm[tokens[i].end():tokens[i + 1].start()]))


#: A citation in running text holds at most this many keywords ("Article", "part", ...): more than
#: any list a drafter writes, and the bound that keeps scanning linear however the words repeat.
_MAX_KEYWORDS = 16
_LIST_GAP = re.compile(r"\s*,?\s*(?:and|or|and/or)\s*", re.IGNORECASE)
_OF_IN = re.compile(r"\b(?:of|in)\b", re.IGNORECASE)


def _levels(m: re.Match) -> tuple[int, int]:
    """The citation levels a token names, outermost and innermost ("Article 144(1)": article to part)."""
    if m.group("section"):
        return (0, 0)
    if m.group("preamble") or m.group("transitional"):
        return (2, 2)
    if m.group("this"):
        kind = m.group("this_kind").lower()
        level = LEVEL["part" if kind == "paragraph" else kind]
        return (level, level)
    kind = _KEYWORD_KIND.get(m.group("kw").lower()[:4], "article")
    if m.group("kw").lower().startswith("para") and not re.fullmatch(ROMAN_RE, m.group("num")):
        kind = "paragraph"
    sub = len(re.findall(r"\(", m.group("sub") or ""))
    return (LEVEL[kind], LEVEL[kind] + sub)


def _chain(norm: str, tokens: list[re.Match], i: int) -> tuple[list[re.Match], int | None, int | None]:
    """The longest run of tokens from `i` that may be one citation, where a number is missing, and
    the end of the closing parenthesis of "Article 144 (Chapter VIII)" if the run ends with one."""
    chain = [tokens[i]]
    missing = None
    keyword = tokens[i]
    group = [_levels(tokens[i])]  # the levels of the citation the run is in (a list starts a new one)
    keywords = 1
    for j in range(i + 1, len(tokens)):  # not tokens[i + 1:]: a copy per start would be quadratic
        nxt = tokens[j]
        gap = norm[chain[-1].end():nxt.start()]
        if nxt.group("bare"):
            # "Articles 95 and 96", but not "Article 12 and 45 members".
            if not (_plural(keyword) and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)", gap)):
                break
            chain.append(nxt)
            continue
        keywords += 1
        if keywords > _MAX_KEYWORDS:
            break
        level = _levels(nxt)
        chapter = nxt.group("kw") and nxt.group("kw").lower().startswith("chap")
        if chapter and PAREN_OPEN.fullmatch(gap) and group[-1][0] > level[1]:
            close = PAREN_CLOSE.match(norm, nxt.end())
            if close:
                chain.append(nxt)
                return chain, missing, close.end()
            break
        if _LIST_GAP.fullmatch(gap):
            group = [level]
        elif _LINK.fullmatch(gap) or (missing is None and _MISSING.fullmatch(gap)):
            if chapter and group[-1][0] > level[1] and not _OF_IN.search(gap):
                break  # "Article 45, Chapter IX": a second citation, not the chapter of the first
            if not _monotonic(group + [level]):
                break  # "Article 144 Article 144": two citations side by side
            group.append(level)
            if not _LINK.fullmatch(gap):
                missing = len(chain)
        else:
            break
        keyword = nxt
        chain.append(nxt)
    return chain, missing, None


def _monotonic(levels: list[tuple[int, int]]) -> bool:
    """Whether levels run strictly inwards or strictly outwards, as the parts of one citation do."""
    inwards = all(b[0] > a[1] for a, b in zip(levels, levels[1:]))
    outwards = all(b[1] < a[0] for a, b in zip(levels, levels[1:]))
    return inwards or outwards


def _citation_text(norm: str, chain: list[re.Match], missing: int | None, close: int | None = None) -> str:
    if missing is None:
        return norm[chain[0].start():close or chain[-1].end()]
    return f"{norm[chain[0].start():chain[missing - 1].end()]} of {norm[chain[missing].start():chain[-1].end()]}"


def _read(norm: str, text: str, chain: list[re.Match], missing: int | None, context: str | None,
          close: int | None = None) -> tuple[Reference, int] | None | bool:
    """The reference a run of tokens makes; None if it is no citation; False to skip it.

    `close` is the end of the parenthesis that closes the run ("Article 144 (Chapter VIII)").
    """
    cite = _citation_text(norm, chain, missing, close)
    try:
        shape = parse_all(cite, _PLACEHOLDER)
    except CitationSyntaxError:
        return None
    first = chain[0]
    if first.group("section") and first.group(0)[0].islower() and shape[0].kind == "section":
        return False  # "the first part of the paper" is no citation of the First Part
    start, end = first.start(), close or chain[-1].end()
    this = next((m.group("this_kind").lower() for m in chain if m.group("this")), None)
    missing_kind = None
    if missing is not None:
        word = _MISSING.fullmatch(norm[chain[missing - 1].end():chain[missing].start()]).group("word").lower()
        missing_kind = _MISSING_KIND[word.rstrip("s")]
    form = _form(shape, this, missing_kind)
    own = _OWN.match(norm, end)
    foreign = None if own else _FOREIGN.match(norm, end)
    if foreign:
        return (Reference(start, foreign.end(), text[start:foreign.end()], "external-article", status="external",
                          reason=_MENTION_REASON["external-article"]), foreign.end())
    claim = own.end() if own else end
    words = text[start:end]
    if missing_kind is not None:
        addresses = tuple(shape) if this is None else _with_context(cite, context)
        return (Reference(start, end, words, form, addresses or (), status="incomplete", missing=missing_kind,
                          reason=f"{words!r} gives no number for the {missing_kind}"), claim)
    if this is not None:
        if context is None:
            return (Reference(start, end, words, form, status="ambiguous",
                              reason=f"{words!r} has no provision around it to refer to"), claim)
        addresses = _with_context(cite, context)
        if addresses is None:
            return (Reference(start, end, words, form, status="ambiguous",
                              reason=f"{words!r} is not inside a {this} ({citation_of(context)})"), claim)
    else:
        addresses = tuple(shape)
    return Reference(start, end, words, form, addresses, _spans(norm, chain, len(addresses))), claim


def _with_context(cite: str, context: str | None) -> tuple[Address, ...] | None:
    if context is None:
        return None
    try:
        return tuple(parse_all(cite, context))
    except CitationSyntaxError:
        return None


def _unreadable(norm: str, text: str, token: re.Match) -> tuple[Reference, int] | bool:
    """A lone token that is no citation by itself ("part II" with no article)."""
    if token.group("section") or token.group("this"):
        return False
    try:
        parse_all(token.group(0), _PLACEHOLDER)
    except CitationSyntaxError as exc:
        kind = _KEYWORD_KIND[token.group("kw").lower()[:4]]
        return (Reference(token.start(), token.end(), text[token.start():token.end()], kind, status="incomplete",
                          reason=exc.problems[0].message), token.end())
    return False


def _spans(norm: str, chain: list[re.Match], n: int) -> tuple[tuple[int, int], ...]:
    """Where each of the `n` addresses of a list is named, split as `parse_all` splits lists."""
    groups = [[chain[0].start(), chain[0].end()]]
    for prev, m in zip(chain, chain[1:]):
        gap = norm[prev.end():m.start()]
        if gap.strip(" ,").lower() in ("and", "or", "and/or") or (m.group("bare") and gap.strip() == ","):
            groups.append([m.start(), m.end()])
        else:
            groups[-1][1] = m.end()
    if len(groups) != n:
        return tuple((chain[0].start(), chain[-1].end()) for _ in range(n))
    return tuple((s, e) for s, e in groups)


def _form(addresses: list[Address], this: str | None, missing: str | None) -> str:
    """The short name of a citation's shape: "part-of-this-article", "chapter-article-range"."""
    a = addresses[0]
    kinds = [k for k, _ in a.steps]
    if a.divisions:
        kinds[1] = "division"  # "Article 144(1)": a part or an item, as the article has them
    if missing:
        kinds.insert(len(kinds) - 1, missing)
    if this is not None:
        this = "part" if this == "paragraph" else this
        depth = kinds.index(this) if this in kinds else 0
        names = list(reversed(kinds[depth + 1:])) + [f"this-{this}"]
    else:
        names = list(reversed(kinds))
    form = "-of-".join(names)
    if a.chapter:
        form = f"chapter-{form}"
    if len(addresses) > 1:
        form += "-list"
    elif a.end is not None:
        form += "-range"
    return form


# ---- resolving ---------------------------------------------------------------

def _numeral(kind: str, n: int) -> str:
    return to_roman(n) if kind in ("chapter", "part") else str(n)


def _repealed_in(constitution: Constitution, address: Address) -> str | None:
    """The eId of the repealed provision an address falls in (itself or a container), if any."""
    eid = None
    for kind, num in address.steps:
        eid = make_eid(eid, kind, num or None)
        if eid in constitution.repealed:
            return eid
    return None


def _place_items(constitution: Constitution, address: Address) -> tuple[Address, str | None]:
    """"items 2, 3, 4 of the present Article" when the items are in the article's only itemised part.

    The translation cites items by article when the article keeps its items in
    one part (Article 94, part II: "items 2, 3, 4 of the present Article" are
    in part I). Several parts holding the items make the citation ambiguous.
    """
    kinds = [k for k, _ in address.steps]
    if len(kinds) < 2 or kinds[-2:] != ["article", "item"]:
        return address, None
    article = constitution.get(Address(address.steps[:-1]).eid)
    if article is None or any(c.kind == "item" for c in article.children):
        return address, None
    wanted = [address.steps[-1][1]] + ([address.end] if address.end else [])
    parts = [p for p in article.children
             if p.kind == "part" and all(make_eid(p.eid, "item", n) in constitution for n in wanted)]
    if len(parts) == 1:
        steps = address.steps[:-1] + (("part", parts[0].num), address.steps[-1])
        return Address(steps, address.end, address.chapter), None
    if len(parts) > 1:
        return address, (f"{address.citation} does not say which part: parts {compress([p.num for p in parts])} "
                         f"of {citation_of(article.eid)} all have {address.citation.split(', ')[-1]}")
    return address, None


def _resolve(constitution: Constitution, address: Address) -> tuple[str, tuple[str, ...], str, Address]:
    """(status, target eIds, reason, the address as completed) for one address."""
    address, ambiguity = _place_items(constitution, practised(constitution, address))
    if ambiguity:
        return "ambiguous", (), ambiguity, address
    # A range's own members are the range's business; its container, and a single provision, are checked here.
    steps = address.steps if address.end is None else address.steps[:-1]
    gone = _repealed_in(constitution, Address(steps)) if steps else None
    if gone is not None:
        return "repealed", (), f"{citation_of(gone)} has been repealed", address
    if address.end is None:
        if address.eid not in constitution:
            return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, address)})", address
        targets: tuple[str, ...] = (address.eid,)
        status, reason = "ok", ""
    else:
        status, targets, reason = _resolve_range(constitution, address)
        if status == "dangling":
            return status, targets, reason, address
    if address.chapter:
        wrong = _wrong_chapter(constitution, address, targets)
        if wrong:
            return wrong[0], targets, wrong[1], address
    return status, targets, reason, address


def _resolve_range(constitution: Constitution, address: Address) -> tuple[str, tuple[str, ...], str]:
    kind, start = address.steps[-1]
    parent_steps = address.steps[:-1]
    parent_eid = Address(parent_steps).eid if parent_steps else None
    if parent_eid is not None and parent_eid not in constitution:
        return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, address)})"
    if parent_eid is None:
        siblings = [p for p in constitution.walk() if p.kind == kind]
    else:
        siblings = [c for c in constitution.get(parent_eid).children if c.kind == kind]
    lo, hi = num_key(kind, start), num_key(kind, address.end)
    if hi < lo:
        return "dangling", (), f"{address.citation} runs backwards"
    members = [s for s in siblings if lo <= num_key(kind, s.num) <= hi]
    have = {num_key(kind, s.num) for s in siblings}
    missing, repealed = [], []
    for n in range(lo[0], hi[0] + 1):
        if (n,) in have or (n,) < lo or (n,) > hi:
            continue
        eid = make_eid(parent_eid, kind, _numeral(kind, n))
        (repealed if eid in constitution.repealed else missing).append(_numeral(kind, n))
    targets = tuple(m.eid for m in members)
    if missing:
        if not members:
            first = Address.from_eid(address.eids[0])
            return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, first)})"
        where = (describe_contents(constitution.get(parent_eid), kind) if parent_eid
                 else f"the {kind}s run from {siblings[0].num} to {siblings[-1].num}")
        what, verb = _numbers(kind, missing)
        return ("partial-range", targets,
                f"{address.citation} is only partly there: {what} {verb('does', 'do')} not exist ({where})")
    if repealed:
        what, verb = _numbers(kind, repealed)
        return "repealed", targets, f"{address.citation}: {what} {verb('has', 'have')} been repealed"
    return "ok", targets, ""


def _numbers(kind: str, nums: list[str]):
    """("Articles 159-160", a verb chooser) for the numbers of one kind a message names."""
    word = kind.capitalize() if kind in ("article", "chapter") else kind
    if len(nums) == 1:
        return f"{word} {nums[0]}", lambda one, many: one
    return f"{word}s {compress(nums)}", lambda one, many: many


def _wrong_chapter(constitution: Constitution, address: Address, targets: tuple[str, ...]) -> tuple[str, str] | None:
    """Why "Chapter VIII, Article 144" is wrong, if it is: name both chapters with their headings."""
    claimed = constitution.get(make_eid(None, "chapter", address.chapter))
    if claimed is None:
        return "dangling", nearby(constitution, Address((("chapter", address.chapter),)))
    outside: dict[str, list[str]] = {}
    for t in targets:
        real = constitution.chapter_of(t)
        if real is None or real.eid != claimed.eid:
            outside.setdefault(_chapter_name(real) if real else "no chapter", []).append(citation_of(t))
    if not outside:
        return None
    where = "; ".join(f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} in {chapter}"
                      for chapter, names in outside.items())
    return "wrong-container", f"{where}, not in {_chapter_name(claimed)}"


def _chapter_name(chapter: Provision) -> str:
    return f"Chapter {chapter.num} ({chapter.heading})" if chapter.heading else f"Chapter {chapter.num}"


# ---- checking ----------------------------------------------------------------

def _check(constitution: Constitution, ref: Reference, source: str | None, field: str) -> RefResult:
    def result(status: str, targets: tuple[str, ...] = (), reason: str = "", citation: str | None = None):
        return RefResult(source, field, ref.text, ref.start, ref.end, ref.form, status, targets, reason, citation)

    if ref.missing is not None:
        return result("incomplete", (), _missing_reason(constitution, ref))
    if ref.status is not None:
        return result(ref.status, (), ref.reason)
    if not ref.addresses:
        return result("ok")
    outcomes = [_resolve(constitution, a) for a in ref.addresses]
    status = max((o[0] for o in outcomes), key=STATUSES.index)
    targets = tuple(t for o in outcomes for t in o[1])
    reason = "; ".join(o[2] for o in outcomes if o[2])
    return result(status, targets, reason, "; ".join(o[3].citation for o in outcomes))


def _missing_reason(constitution: Constitution, ref: Reference) -> str:
    """Why a citation with a number left out names nothing, and which provision would fit."""
    if not ref.addresses:
        return ref.reason
    placed, _ = _place_items(constitution, ref.addresses[0])
    if placed is not ref.addresses[0]:
        article = Address(placed.steps[:-2]).citation
        items = ref.addresses[0].citation.split(", ")[-1]
        return f"{ref.reason}; of the parts of {article} only part {placed.steps[-2][1]} has {items}"
    return ref.reason


def check_references(constitution: Constitution, eids: Iterable[str] | None = None) -> list[RefResult]:
    """Every reference in the headings and texts of the provisions (all, or those of `eids`), checked.

    Only the provisions' own words are read, not their children's, so a
    caller checking what an amendment inserted passes each new eId.
    """
    if eids is None:
        nodes = list(constitution.walk())
    else:
        eids = list(eids)
        unknown = [e for e in eids if e not in constitution]
        if unknown:
            raise UnknownProvision([Problem(f"no provision {e} to check") for e in unknown])
        nodes = [constitution.get(e) for e in eids]
    out = []
    for node in nodes:
        for field in ("heading", "text"):
            words = getattr(node, field)
            if words:
                out.extend(_check(constitution, ref, node.eid, field) for ref in find_references(words, node.eid))
    return out


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
        r = _check(constitution, ref, None, "")
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
    own = _OWN.match(norm, after)
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


# ---- known defects of the source -----------------------------------------------

@dataclass(frozen=True)
class KnownDefect:
    """A reference the source gets wrong, recorded with the reason it is left as it is."""

    source: str  # eId of the citing provision
    text: str  # the words of the reference
    status: str
    reason: str
    erratum: str | None = None
    meant: str | None = None  # eId of the only provision the defective reference can mean, if the entry says

    def matches(self, result: RefResult) -> bool:
        return (result.source, result.text, result.status) == (self.source, self.text, self.status)


def load_known(edition_id: str, root: Path | None = None) -> list[KnownDefect]:
    """The edition's known defective references (``xref-known.yaml``; none if there is no file)."""
    path = edition_dir(edition_id, root) / KNOWN_FILE
    if not path.is_file():
        return []
    data = read_data(path, "a list of known defects") or {}
    entries = data.get("known") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DrafterError(Problem("expected a list under 'known'", file=str(path)))
    out, problems = [], []
    for i, entry in enumerate(entries):
        where = f"known[{i}]"
        fields = ("source", "text", "status", "reason")
        if not isinstance(entry, dict) or any(not isinstance(entry.get(k), str) for k in fields):
            problems.append(Problem("needs source, text, status and reason (strings)", file=str(path), path=where))
            continue
        if entry["status"] not in BROKEN:
            problems.append(Problem(f"status {entry['status']!r} is not a problem status "
                                    f"({', '.join(sorted(BROKEN))})", file=str(path), path=where))
            continue
        try:
            source = Address.parse(entry["source"]).eid
        except DrafterError as exc:
            problems.extend(Problem(p.message, file=str(path), path=f"{where}.source") for p in exc.problems)
            continue
        meant = None
        if entry.get("meant") is not None:
            try:
                meant = Address.parse(str(entry["meant"])).eid
            except DrafterError as exc:
                problems.extend(Problem(p.message, file=str(path), path=f"{where}.meant") for p in exc.problems)
                continue
        out.append(KnownDefect(source, entry["text"], entry["status"], " ".join(entry["reason"].split()),
                               entry.get("erratum"), meant))
    if problems:
        raise DrafterError(problems)
    return out


def xref_report(constitution: Constitution, known: list[KnownDefect] | None = None) -> dict:
    """Every reference of a constitution checked: problems, known source defects, and counts.

    ``broken`` counts the problems that are not known defects of the source;
    the known ones are listed apart under ``known``, each with its reason.
    """
    results = check_references(constitution)
    if known is None:
        known = load_known(constitution.edition.id)
    problems, known_hits = [], []
    for r in results:
        if r.status not in BROKEN:
            continue
        defect = next((k for k in known if k.matches(r)), None)
        if defect is not None and defect.meant and defect.meant not in constitution:
            # The only provision the defective words can mean is gone: broken like any other reference.
            problems.append({**r.to_dict(), "reason": f"{r.reason}; the only provision it can mean, "
                                                      f"{citation_of(defect.meant)}, is gone (erratum "
                                                      f"{defect.erratum or 'none'})", "erratum": defect.erratum})
        elif defect is None:
            problems.append(r.to_dict())
        else:
            known_hits.append({**r.to_dict(), "known_reason": defect.reason, "erratum": defect.erratum})
    return {
        "edition": constitution.edition.id,
        "summary": {
            "references": len(results),
            "status": dict(sorted(Counter(r.status for r in results).items())),
            "form": dict(sorted(Counter(r.form for r in results).items())),
        },
        "broken": len(problems),
        "problems": problems,
        "known": known_hits,
        "references": [r.to_dict() for r in results],
    }


# ---- what an amendment touches ---------------------------------------------------

def impact(base: Constitution, changed_eids: set[str], repealed_eids: set[str],
           renumbered: dict[str, str], known: list[KnownDefect] | None = None) -> list[RefResult]:
    """The references elsewhere in `base` to what an amendment changes, repeals or renumbers.

    These are the consequential amendments a drafter must consider. A
    reference is touched when it names a provision the amendment touches or
    one inside it ("Article 130, part III, item 7" when part III changes), or
    when it is a range that a provision the amendment inserts (an eId of
    `changed_eids` not in `base`) now falls into. A reference to a container
    of what changes ("Chapter III", "this Article") still holds, so it is not
    listed. References from the words the amendment rewrites or repeals are
    left out: those words are going. Each result's status says what the
    amendment does to the target: ``repealed``, else ``renumbered``, else
    ``changed``.

    A reference kept as a known defect of the source (`known`) that says which provision it can
    only mean is re-checked against that provision: repealed or renumbered, it is reported with
    the erratum's id.
    """
    inserted = {e for e in changed_eids if e not in base}
    defects = {(k.source, k.text, k.status): k for k in known or () if k.meant}
    touched = [("repealed", set(repealed_eids)), ("renumbered", set(renumbered)), ("changed", set(changed_eids))]
    # The words of repealed provisions are going: skip them (the repealed provisions and all they hold).
    gone = {d.eid for e in repealed_eids if e in base for d in base.get(e).walk()}
    elsewhere = [e for e in repealed_eids if e not in base]
    out = []
    for node in base.walk():
        if node.eid in changed_eids or node.eid in gone or any(_within(base, node.eid, e) for e in elsewhere):
            continue
        for field in ("heading", "text"):
            words = getattr(node, field)
            if not words:
                continue
            for ref in find_references(words, node.eid):
                r = _check(base, ref, node.eid, field)
                defect = defects.get((r.source, r.text, r.status))
                if defect is not None:
                    out.extend(_defect_touched(base, ref, r, defect, touched[:2], renumbered, inserted))
                    continue
                hit = _touch(base, ref, r, node.eid, touched, renumbered, inserted)
                if hit:
                    status, targets, reason = hit
                    out.append(RefResult(r.source, r.field, r.text, r.start, r.end, r.form, status, targets,
                                         reason, r.citation))
    return out


def _defect_touched(base: Constitution, ref: Reference, r: RefResult, defect: KnownDefect,
                    touched: list[tuple[str, set[str]]], renumbered: dict[str, str],
                    inserted: set[str]) -> list[RefResult]:
    """A kept defective reference whose only possible target the amendment repeals or renumbers."""
    meant = replace(r, targets=(defect.meant,))
    hit = _touch(base, ref, meant, r.source, touched, renumbered, inserted)
    if not hit:
        return []
    status, targets, reason = hit
    kept = f"a defect of the source kept as erratum {defect.erratum}" if defect.erratum else "a known defect of the source"
    action = reason.rsplit("; the amendment ", 1)[1]
    why = (f"{citation_of(r.source)} cites {r.text!r} ({kept}; it can only mean {citation_of(defect.meant)}); "
           f"the amendment {action}")
    return [RefResult(r.source, r.field, r.text, r.start, r.end, r.form, status, targets, why, r.citation)]


def _within(base: Constitution, eid: str, container: str) -> bool:
    """Whether `eid` is `container` or inside it (by the tree, or by eId for provisions not in `base`)."""
    if eid == container or eid.startswith(container + "__"):
        return True
    return any(p.eid == container for p in base.ancestors(eid))


def _containers(base: Constitution, eid: str) -> frozenset[str]:
    """Every eId `_within(base, eid, x)` holds for: `eid`, the provisions containing it, and the
    eIds it starts with ("art_5" and "art_5__part_I" for "art_5__part_I__item_2"); found once."""
    pieces = eid.split("__")
    prefixes = ["__".join(pieces[:k]) for k in range(1, len(pieces))]
    return frozenset([eid] + [p.eid for p in base.ancestors(eid)] + prefixes)


def _touch(base: Constitution, ref: Reference, r: RefResult, source: str, touched: list[tuple[str, set[str]]],
           renumbered: dict[str, str], inserted: set[str]) -> tuple[str, tuple[str, ...], str] | None:
    chains = {t: _containers(base, t) for t in r.targets}
    source_chain = None
    for status, eids in touched:
        # Each target with the touched eIds it lies in, in eId order: a few set lookups per
        # target rather than a test of every touched eId.
        hits = [(t, e) for t in r.targets for e in sorted(chains[t] & eids)]
        if status == "renumbered" and "this-" in r.form and hits:
            # "part III of this Article" moves with its article when the whole article is renumbered.
            source_chain = source_chain or _containers(base, source)
            hits = [(t, e) for t, e in hits if e not in source_chain]
        if status == "changed":
            hits += _ranges_taking(base, ref, inserted)
        if hits:
            t, e = hits[0]
            action = {"repealed": f"repeals {citation_of(e)}",
                      "renumbered": f"renumbers {citation_of(e)} as {citation_of(renumbered.get(e, e))}",
                      "changed": f"{'inserts' if e in inserted else 'changes'} {citation_of(e)}"}[status]
            return (status, tuple(dict.fromkeys(t for t, _ in hits)),
                    f"{citation_of(source)} cites {r.citation}; the amendment {action}")
    return None


def _ranges_taking(base: Constitution, ref: Reference, inserted: set[str]) -> list[tuple[str, str]]:
    """(range start, new eId) for each inserted provision a range of `ref` now covers."""
    out = []
    for a in ref.addresses:
        if a.end is None:
            continue
        a, _ = _place_items(base, a)
        kind = a.kind
        parent = Address(a.steps[:-1]).eid if len(a.steps) > 1 else None
        lo, hi = num_key(kind, a.steps[-1][1]), num_key(kind, a.end)
        for eid in sorted(inserted):
            try:
                new = Address.from_eid(eid)
            except DrafterError:
                continue
            new_parent = Address(new.steps[:-1]).eid if len(new.steps) > 1 else None
            if new.kind == kind and new_parent == parent and lo <= num_key(kind, new.steps[-1][1]) <= hi:
                out.append((a.eids[0], eid))
    return out


def impact_of(amendment: "Amendment") -> list[RefResult]:
    """`impact` of an amendment, from its change list."""
    changed = {c.base_eid or c.eid for c in amendment.changes if c.kind in ("substitute", "replace", "insert")}
    repealed = {c.base_eid for c in amendment.changes if c.kind == "repeal" and c.base_eid}
    return impact(amendment.base, changed, repealed, dict(amendment.renumbered),
                  load_known(amendment.base.edition.id))


# ---- links for the Word drafts ---------------------------------------------------

def links(constitution: Constitution, provision_eid: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, target eId) for each reference in `text` that points at a provision.

    Offsets are character offsets into `text` itself. A list links each of its
    members ("Articles 95 and 96": "Articles 95" and "96"); a range links its
    first provision.
    """
    out = []
    for ref in find_references(text, provision_eid):
        if ref.status is not None:
            continue
        for address, (start, end) in zip(ref.addresses, ref.spans):
            status, targets, _, _ = _resolve(constitution, address)
            if targets and status not in ("dangling", "repealed", "ambiguous"):
                out.append((start, end, targets[0]))
    return out
