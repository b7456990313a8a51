"""Finding references in running text: where each citation starts and stops, what it names, and
the mentions that name no provision.

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

Reading depends on the words and their context alone, never on a constitution: what a citation
names is decided by `drafter.xref.resolving`.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..address import (CITATION_TOKEN, LEVEL, PAREN_CLOSE, PAREN_OPEN, ROMAN_RE, Address, citation_of,
                       parse_all)
from ..errors import CitationSyntaxError
from ..fileio import recall, remember

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
OWN_CONSTITUTION = re.compile(r",?\s+of\s+(?:this|the\s+present|the)\s+Constitution\b"
                  r"(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?(?!\s+of\s+the\s+Nakh)")
# "... of the Republic of Azerbaijan law "On Elections ..."": an article of another law.
_FOREIGN = re.compile(
    r",?\s+of\s+(?:the\s+|a\s+|an\s+)?(?:"
    r"(?:(?!Constitution\b)[\w'’-]+\s+){0,8}?(?:[Ll]aws?|[Cc]odes?|[Aa]ct|[Cc]onvention|[Tt]reaty|[Cc]harter)\b"
    r"|Constitution\s+of\s+the\s+Nakh\w+\s+Autonomous\s+Republic\b)"
    r"(?:\s+[\"“][^\"”]*[\"”])?")

# Mentions that name no provision, in order of precedence where they overlap; each with words it
# cannot match without, so that a text without them is not scanned for it (most texts mention no law).
_MENTIONS = tuple((form, status, needs, re.compile(pattern)) for form, status, needs, pattern in (
    ("other-constitution", "external", "Constitution",
     r"\b[Tt]he\s+Constitution(?:\s+and\s+(?:the\s+)?laws)?\s+of\s+the\s+Nakh\w+\s+Autonomous\s+Republic\b"),
    ("constitutional-law", "external", "onstitutional",
     r"\b[Cc]onstitutional\s+[Ll]aws?\b(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
    ("external-law", "external", "aw", r"\b[Ll]aws?\s+[\"“]On\s[^\"”]*[\"”]"),
    ("external-law", "external", "law",
     r"\b(?:[Aa]|[Tt]he)\s+law\s+(?:of\s+the\s+Republic\s+of\s+Azerbaijan\s+)?on\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?"),
    ("external-law", "external", "law",
     r"\b(?:by|under|with|to)\s+(?:the\s+|a\s+)?laws?\b(?!-)(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
    ("this-constitution", "ok", "Constitution", r"\b(?:[Tt]his|[Tt]he\s+present)\s+Constitution\b"),
    ("the-constitution", "ok", "Constitution",
     r"\b[Tt]he\s+Constitution\b(?:\s+of\s+the\s+Republic\s+of\s+Azerbaijan)?"),
))
_MENTION_REASON = {
    "other-constitution": "refers to the Constitution of the Nakhchivan Autonomous Republic, not to this one",
    "constitutional-law": "refers to a constitutional law, which is not part of this text",
    "external-law": "refers to legislation, not to a provision of the Constitution",
    "external-article": "cites an article of another law, not of the Constitution",
}

# "this Article" is only a reading of context when the text has a context to give; the
# placeholder lets a citation be read for its shape alone.
_PLACEHOLDER = "art_1__part_I__item_1__para_1"


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


def find_references(text: str, context: str | None = None) -> list[Reference]:
    """Every reference in `text`, in order; `context` is the eId "this Article" refers to."""
    return list(_find_references(text, context))


def read_texts(texts: list[tuple[str, str | None]]) -> list[tuple[Reference, ...]]:
    """The references of each (words, context), as `find_references` reads them.

    Every `check` reads the whole edition's text (to know which references the base already
    breaks), and reading depends on the words, their context and this reader alone: what reading
    these texts found is remembered per machine with the rest of what reading an exact content
    establishes (`fileio.recall`), under the source of the reader, so that changed words or a
    changed reader are read afresh.
    """
    what = _reader()
    if what is None:
        return [_find_references(words, context) for words, context in texts]
    content = json.dumps(texts, ensure_ascii=False).encode("utf-8")
    known = recall(what, content, lambda note: [tuple(_from_json(r) for r in refs) for refs in json.loads(note)])
    if known is not None and len(known) == len(texts):
        return known
    found = [_find_references(words, context) for words, context in texts]
    remember(what, content, json.dumps([[_to_json(r) for r in refs] for refs in found]).encode("utf-8"))
    return found


@lru_cache(maxsize=1)
def _reader() -> bytes | None:
    # What reading depends on besides the words: this module and the citation grammar it reads with
    # (address.py, which reads numbers with model.py), by their source; None where the source cannot
    # be read (a packed installation): then nothing is remembered, every reading is done again.
    import hashlib

    from .. import address, model

    try:
        sources = b"\0".join(Path(f).read_bytes() for f in (__file__, address.__file__, model.__file__))
    except (OSError, TypeError):
        return None
    return b"drafter: references read, by " + hashlib.sha256(sources).hexdigest().encode()


def _to_json(ref: Reference) -> list:
    return [ref.start, ref.end, ref.text, ref.form,
            [[a.steps, a.end, a.chapter, a.divisions] for a in ref.addresses], ref.spans, ref.status,
            ref.reason, ref.missing]


def _from_json(data: list) -> Reference:
    start, end, text, form, addresses, spans, status, reason, missing = data
    return Reference(start, end, text, form,
                     tuple(Address(tuple(map(tuple, steps)), a_end, chapter, divisions)
                           for steps, a_end, chapter, divisions in addresses),
                     tuple(map(tuple, spans)), status, reason, missing)


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
    for form, status, needs, pattern in _MENTIONS:
        if needs not in norm:
            continue
        for m in pattern.finditer(norm):
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


#: Every token that can start a citation holds one of these words (case aside); the others are bare
#: numbers, which never start one.
_KEYWORDS = ("art", "chapter", "part", "paragraph", "section", "item", "point", "clause", "preamble",
             "transitional", "this", "present", "first", "second", "third", "fourth", "fifth", "sixth",
             "seventh", "eighth", "ninth", "tenth")

_KEYWORD = re.compile("|".join(_KEYWORDS))


def _first_keyword(norm: str) -> int:
    """Where the scan for citation tokens may start: at the first keyword, or at the end if there is
    none. What comes before it holds bare numbers at most, which `_citations` skips.

    Most provisions cite nothing: looking for the words costs a fraction of the token scan. Only
    ASCII text is lowered to look (lowering other text may change its length, and so the offsets).
    """
    if not norm.isascii():
        return 0
    first = _KEYWORD.search(norm.lower())  # the leftmost of any keyword: one scan, not one per keyword
    return first.start() if first else len(norm)


def _citations(norm: str, text: str, context: str | None) -> Iterator[tuple[Reference, int]]:
    """The citations of provisions in `norm`, each with the end of what it claims (its qualifier).

    Linear in the text: a run of tokens is cut where it cannot be one citation
    (two articles side by side) and holds at most `_MAX_KEYWORDS` keywords, and
    only its prefixes that end before a keyword are tried.
    """
    tokens = [m for m in CITATION_TOKEN.finditer(norm, _first_keyword(norm)) if _usable(m)]
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
_ROMAN = re.compile(ROMAN_RE)
# Between a plural keyword and a bare number of its list: "Articles 95 and 96", "items 1, 2".
_BARE_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)")


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
    if m.group("kw").lower().startswith("para") and not _ROMAN.fullmatch(m.group("num")):
        kind = "paragraph"
    sub = (m.group("sub") or "").count("(")
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
            if not (_plural(keyword) and _BARE_GAP.fullmatch(gap)):
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
    own = OWN_CONSTITUTION.match(norm, end)
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
