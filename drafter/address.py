"""One address type for provisions: citations people write <-> eIds.

``Address.parse`` reads what drafters, the constitution's own text and the
policy paper write ("Article 144", "Article 144, part I, item 4", "part II of
Article 142", "item 7 paragraph III of Article 130", "Articles 134-141",
"Chapter IX", "Chapter VIII, Article 144", "items 1 to 7 in section III of the
present Article", "the first part of the present Article", "art_144__part_I") and
``Address.citation`` / ``Address.eid`` write them back. The cross-reference
checker and the templates use this same parser, so a citation means one thing
everywhere. This is also the one place that writes a provision's name, in
every form the documents use: the citation ("Article 144, part I, item 4"),
the act's phrase from the inside out ("item 4 of part I of Article 144",
`phrase_of`), the provision alone ("item 4", `Address.name`) and a list of
siblings ("parts III and IV", `several`).

In this translation "paragraph" with a Roman numeral means a part of an
article ("Paragraph V of Article 101"); "paragraph" with an Arabic number
means the n-th unnumbered paragraph of a provision. "Section" with a Roman
numeral is also a part ("items 1 to 7 in section III of the present Article"),
"the present Article" is "this Article", and an ordinal part of an article
("the first part of the present Article") is part I, not the First Part of the
constitution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .errors import CitationSyntaxError, Problem, UnknownProvision
from .model import ORDINALS, Constitution, Provision, article_sort_key, from_roman, make_eid, to_roman

#: Depth of each kind in a citation, outermost first.
LEVEL = {"section": 0, "chapter": 1, "preamble": 2, "transitional": 2, "article": 2,
         "part": 3, "division": 3, "item": 4, "paragraph": 5}

CHILD_WORD = {"part": "parts", "item": "items", "paragraph": "paragraphs", "article": "articles"}

ORDINAL_WORDS = {w.lower(): i + 1 for i, w in enumerate(ORDINALS)}
CARDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))}

ROMAN_RE = r"[IVXLC]+"
#: Numbers are ASCII digits, and short: a 5000-digit "article number" is not one.
NUM_RE = r"[0-9]{1,6}"
CHAPTER_NUM_RE = rf"[IVXLC]+(?:-{NUM_RE})?"
ARTICLE_NUM_RE = rf"{NUM_RE}(?:-{NUM_RE})*"
RANGE_SEP = r"\s*(?:-|–|—|\bto\b|\bthrough\b)\s*"

# One component of a citation. Order matters: the longer forms first.
_COMPONENT = re.compile(
    rf"""
    (?P<section>\b(?P<sec_ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+part\b
       |\bpart\s+(?P<sec_card>one|two|three|four|five|six|seven|eight|nine|ten)\b)
    |(?P<preamble>\bpreamble\b)
    |(?P<transitional>\btransitional\s+provisions?\b)
    |\b(?P<kw>articles?|arts?\b\.?|chapters?|parts?|paragraphs?|sections?|items?|points?|clauses?)\s*
       (?P<num>{ARTICLE_NUM_RE}|{CHAPTER_NUM_RE})\b
       (?P<sub>(?:\({NUM_RE}\)){{1,2}})?
       (?:{RANGE_SEP}(?P<end>{ARTICLE_NUM_RE}|{ROMAN_RE})\b)?
    |(?P<this>\b(?:this|present)\s+(?P<this_kind>article|part|chapter|item|paragraph)\b)
    |(?P<bare>\b(?:{ARTICLE_NUM_RE}|{ROMAN_RE})\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: The tokens citations are made of; `drafter.xref` scans running text with it.
CITATION_TOKEN = _COMPONENT
#: "Article 144 (Chapter VIII)": the parentheses around a claimed chapter.
PAREN_OPEN = re.compile(r"\s*\(\s*")
PAREN_CLOSE = re.compile(r"\s*\)")
_OF = re.compile(r"\s*of(?:\s+the)?\s*", re.IGNORECASE)
_FILLER = re.compile(r"^[\s,;.]*(?:(?:of|in|the|and|under)\b[\s,;.]*)*$", re.IGNORECASE)
_EID_RE = re.compile(
    rf"^(?:preamble|transitional|sec_{NUM_RE}|chp_{CHAPTER_NUM_RE}|art_{ARTICLE_NUM_RE})"
    rf"(?:__(?:part_[IVXLC]+|item_{NUM_RE}|para_{NUM_RE}))*$"
)
_EID_STEP = {"sec": "section", "chp": "chapter", "art": "article", "part": "part",
             "item": "item", "para": "paragraph"}


@dataclass(frozen=True)
class Address:
    """A provision, or a range of sibling provisions, named by kind and number.

    ``steps`` go from the outside in: (("article", "144"), ("part", "I")).
    ``end`` is the last number of a range at the innermost step
    ("Articles 134-141"). ``chapter`` is the chapter a citation claims the
    provision is in ("Chapter VIII, Article 144"), kept so the checker can say
    when the claim is wrong.
    """

    steps: tuple[tuple[str, str], ...]
    end: str | None = None
    chapter: str | None = None
    #: Written "Article 109(32)": the first number is the article's first numbered division, its
    #: part, or its item when the article has items and no parts (`practised` decides, with the text).
    divisions: bool = field(default=False, compare=False)

    # ---- parsing -------------------------------------------------------
    @classmethod
    def parse(cls, text: str, context: str | None = None) -> "Address":
        """The address a citation names; `context` is the eId "this Article" refers to."""
        found = parse_all(text, context)
        if len(found) != 1:
            raise CitationSyntaxError(Problem(f"{text!r} names {len(found)} provisions; give one"))
        return found[0]

    @classmethod
    def from_eid(cls, eid: str) -> "Address":
        """The address of an eId such as ``art_144__part_I__item_4``."""
        if not _EID_RE.match(eid):
            raise CitationSyntaxError(Problem(f"{eid!r} is not an eId"))
        steps = []
        for piece in eid.split("__"):
            if piece in ("preamble", "transitional"):
                steps.append((piece, ""))
                continue
            prefix, num = piece.split("_", 1)
            steps.append((_EID_STEP[prefix], num))
        return cls(tuple(steps))

    # ---- writing -------------------------------------------------------
    @property
    def eid(self) -> str:
        """The eId of the (first) provision this address names."""
        eid = None
        for kind, num in self.steps:
            eid = make_eid(eid, kind, num or None)
        return eid or ""

    @property
    def eids(self) -> list[str]:
        """eIds of a range's two ends, or of the single provision."""
        if self.end is None:
            return [self.eid]
        return [self.eid, replace(self, steps=self.steps[:-1] + ((self.steps[-1][0], self.end),), end=None).eid]

    @property
    def kind(self) -> str:
        return self.steps[-1][0]

    @property
    def citation(self) -> str:
        """The citation as this project writes it: "Article 144, part I, item 4"."""
        out = []
        last = len(self.steps) - 1
        if self.chapter:
            out.append(f"Chapter {self.chapter}")
        for i, (kind, num) in enumerate(self.steps):
            plural = i == last and self.end is not None
            if kind == "preamble":
                out.append("Preamble")
            elif kind == "transitional":
                out.append("Transitional Provisions")
            elif kind == "section":
                out.append(f"{ORDINALS[int(num) - 1].title()} Part")
            else:
                word = kind.capitalize() if kind in ("article", "chapter") and i == 0 else kind
                if plural:
                    word = CHILD_WORD.get(kind, kind + "s")
                    word = word.capitalize() if i == 0 else word
                    out.append(f"{word} {_span(num, self.end)}")
                else:
                    out.append(f"{word} {num}")
        return ", ".join(out)

    @property
    def phrase(self) -> str:
        """The provision named from the inside out, as an act's sentences name it: "item 4 of part I
        of Article 144" ("items 1-7 of part III of Article 130"; a claimed chapter last)."""
        out = [self.name] + [_phrased(kind, num) for kind, num in reversed(self.steps[:-1])]
        if self.chapter:
            out.append(f"Chapter {self.chapter}")
        return " of ".join(out)

    @property
    def name(self) -> str:
        """The provision itself, without what holds it, as `phrase` names it: "item 4", "Article 139-1",
        "the Preamble" ("items 1-7")."""
        kind, num = self.steps[-1]
        return _phrased(kind, num) if self.end is None else f"{_kind_word(kind, plural=True)} {_span(num, self.end)}"

    def __str__(self) -> str:
        return self.citation

    def child(self, kind: str, num: str) -> "Address":
        return Address(self.steps + ((kind, num),))


def _span(num: str, end: str) -> str:
    """A range as citations write it: "134-141"; "139-1 to 139-3" where a number has a hyphen of its own."""
    return f"{num} to {end}" if "-" in num or "-" in end else f"{num}-{end}"


def _kind_word(kind: str, plural: bool = False) -> str:
    """The word a sentence names a kind of provision by: Article and Chapter capitalised, as the text
    writes them; parts, items and paragraphs in lower case."""
    word = CHILD_WORD.get(kind, kind + "s") if plural else kind
    return word.capitalize() if kind in ("article", "chapter") else word


def _phrased(kind: str, num: str) -> str:
    """One step of a provision's name as a sentence writes it: "the Preamble", "Article 144", "part I"."""
    if kind == "preamble":
        return "the Preamble"
    if kind == "transitional":
        return "the Transitional Provisions"
    if kind == "section":
        return f"the {ORDINALS[int(num) - 1].title()} Part"
    return f"{_kind_word(kind)} {num}"


def citation_of(eid: str) -> str:
    """The human citation of an eId: ``art_144__part_I`` -> "Article 144, part I"."""
    return Address.from_eid(eid).citation


def phrase_of(eid: str) -> str:
    """An eId named from the inside out, as an act's sentences name it: ``art_144__part_I__item_4`` ->
    "item 4 of part I of Article 144"."""
    return Address.from_eid(eid).phrase


def joined(words: list[str]) -> str:
    """Words listed in a sentence: "I", "I and II", "I, II and III" (nothing for none)."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def several(kind: str, nums: list[str]) -> str:
    """Provisions of one kind listed by number, as a sentence lists them: "part III", "parts III and
    IV", "Articles 155 and 158"."""
    return f"{_kind_word(kind, plural=len(nums) > 1)} {joined(nums)}"


def parse_all(text: str, context: str | None = None) -> list[Address]:
    """Every address a citation names: lists ("Articles 95 and 96") give several.

    Raises CitationSyntaxError when the text is not a citation.
    """
    source = " ".join(text.split())
    if not source:
        raise CitationSyntaxError(Problem("empty citation"))
    if _EID_RE.match(source):
        return [Address.from_eid(source)]
    comps = []
    pos = 0
    for m in _COMPONENT.finditer(source):
        gap = source[pos:m.start()]
        joined = gap.strip(" ,").lower() in ("and", "or", "and/or") or (m.group("bare") and gap.strip() == ",")
        close = PAREN_CLOSE.match(source, m.end()) if comps and PAREN_OPEN.fullmatch(gap) else None
        if close and (m.group("kw") or "").lower().startswith("chapter"):
            pass  # "Article 144 (Chapter VIII)": the chapter it claims, as in "Chapter VIII, Article 144"
        elif comps and joined:
            comps.append(("and", None, None))
        elif not _FILLER.match(gap):
            raise CitationSyntaxError(Problem(
                f"cannot read {gap.strip()!r} in citation {text!r}; write e.g. 'Article 144, part I, item 4'"))
        else:
            close = None
        if m.group("bare"):
            # "Articles 95 and 96": a bare number repeats the kind before it.
            previous = next((c for c in reversed(comps) if c[0] not in ("and", "this")), None)
            if previous is None or comps[-1][0] != "and" or previous[0] in ("preamble", "transitional"):
                # The Preamble and the Transitional Provisions have no number for one to repeat.
                raise CitationSyntaxError(Problem(f"cannot read {m.group(0)!r} in citation {text!r}"))
            comps.append((previous[0], _number(previous[0], m.group("bare"), text), None))
        else:
            new = _component(m, context)
            if comps and comps[-1][0] == "section" and _OF.fullmatch(gap) and new[0][0] in ("article", "this"):
                # "the first part of the present Article": part I of that article.
                comps[-1] = ("part", to_roman(int(comps[-1][1])), None)
            comps.extend(new)
        pos = close.end() if close else m.end()
    if not comps or not _FILLER.match(source[pos:]):
        rest = source[pos:].strip() or source
        raise CitationSyntaxError(Problem(
            f"cannot read {rest!r} in citation {text!r}; write e.g. 'Article 144, part I, item 4'"))
    return _assemble(comps, text, context)


def _component(m: re.Match, context: str | None) -> list[tuple[str, object, str | None]]:
    """The components one token names: one, or an article with the part and item of "Article 144(1)(4)"."""
    if m.group("section"):
        n = ORDINAL_WORDS.get((m.group("sec_ord") or "").lower()) or CARDINAL_WORDS[m.group("sec_card").lower()]
        return [("section", str(n), None)]
    if m.group("preamble"):
        return [("preamble", "", None)]
    if m.group("transitional"):
        return [("transitional", "", None)]
    if m.group("this"):
        return [("this", m.group("this_kind").lower(), None)]
    kw = m.group("kw").lower().rstrip(".")
    num, end = m.group("num"), m.group("end")
    roman = bool(re.fullmatch(CHAPTER_NUM_RE, num, re.IGNORECASE))
    if roman:
        num, end = num.upper(), end.upper() if end else end
    plural = kw.endswith("s")
    if kw.startswith("art"):
        kind = "article"
    elif kw.startswith("chapter"):
        kind = "chapter"
    elif kw.startswith("part"):
        kind = "part"
    elif kw.startswith("paragraph"):
        kind = "part" if roman else "paragraph"
    elif kw.startswith("section"):
        kind = "part"
    else:  # item, point, clause
        kind = "item"
    if end is None and "-" in num and (kind in ("item", "paragraph", "part") or plural and not roman):
        # "Articles 134-141", "items 1-5": the number pattern read the range as one hyphenated
        # number; "Article 139-1" is a number.
        if num.count("-") > 1:
            # "Chapters 1-2-3", "Articles 139-1-139-3": which hyphen is the range's cannot be told.
            raise CitationSyntaxError(Problem(f"cannot read the range {m.group(0)!r}: name its first and last "
                                              f"provisions with 'to' or list them (e.g. 'Articles 95 and 96')"))
        num, end = num.split("-", 1)
    num, end = _number(kind, num, m.group(0)), (_number(kind, end, m.group(0)) if end is not None else None)
    comps = [(kind, num, end)]
    if m.group("sub"):
        # "Article 144(1)(4)": as Azerbaijani practice cites an article's numbered divisions, the
        # first number is the part (Roman in the text: part I), the second the item in it; an
        # article with items and no parts has its items cited so ("Article 109(32)": `practised`).
        subs = re.findall(NUM_RE, m.group("sub"))
        if kind != "article" or end is not None:
            raise CitationSyntaxError(Problem(
                f"cannot read {m.group(0)!r}: only an article takes '(n)' (e.g. 'Article 144(1)', "
                f"which is 'Article 144, part I')"))
        division = _roman_from_arabic(subs[0])
        if not re.fullmatch(ROMAN_RE, division):
            raise CitationSyntaxError(Problem(f"{subs[0]!r} is not a part or item number in {m.group(0)!r}"))
        comps.append(("division", division, None))
        if len(subs) > 1:
            comps.append(("item", subs[1], None))
    return comps


#: What a number of each kind looks like, once written as the text writes it.
_NUMBER = {"article": ARTICLE_NUM_RE, "chapter": CHAPTER_NUM_RE, "part": ROMAN_RE, "division": ROMAN_RE,
           "item": NUM_RE, "paragraph": NUM_RE}


def _number(kind: str, num: str, written: str) -> str:
    """The number of a provision of `kind` as the text writes it, from `num` as cited (in `written`):
    chapters and parts are numbered in Roman, so "Chapter 9" and "part 2" can only mean IX and II.
    Raises CitationSyntaxError for a number the kind cannot have."""
    if kind in ("chapter", "part", "division"):
        num = _roman_from_arabic(num).upper()
    if kind not in _NUMBER or not re.fullmatch(_NUMBER[kind], num):
        raise CitationSyntaxError(Problem(f"{num!r} is not a {kind} number in {written!r}"))
    return num


def _roman_from_arabic(num: str | None) -> str | None:
    """ "9" -> "IX", "9-1" -> "IX-1"; anything else as it is (checked by the caller)."""
    if num is None:
        return None
    head, sep, sub = num.partition("-")
    if head.isdigit() and 0 < int(head) < 400:
        return to_roman(int(head)) + sep + sub
    return num


def _assemble(comps: list, text: str, context: str | None) -> list[Address]:
    """Turn components (in either order) into addresses; split lists on "and"."""
    groups: list[list] = [[]]
    for c in comps:
        if c[0] == "and":
            groups.append([])
        else:
            groups[-1].append(c)
    if any(not g for g in groups):
        raise CitationSyntaxError(Problem(f"dangling 'and' in citation {text!r}"))
    # "Articles 95 and 96": later groups inherit the outer steps of the first
    # group ("items 1 and 2 of part I of Article 144": the first inherits from the last).
    built = [_ordered(g, text) for g in groups]
    outer_from = max(built, key=len)
    out = []
    for g in built:
        innermost = LEVEL[_kind(g[-1])]
        inherit = [c for c in outer_from if LEVEL[_kind(c)] < LEVEL[_kind(g[0])] and LEVEL[_kind(c)] < innermost]
        out.append(_to_address(inherit + g, text, context))
    return out


def _kind(c) -> str:
    if c[0] == "this":
        return c[1] if c[1] != "paragraph" else "part"
    return c[0]


def _ordered(comps: list, text: str) -> list:
    levels = [LEVEL[_kind(c)] for c in comps]
    if levels != sorted(levels):
        comps = list(reversed(comps))
        levels.reverse()
    if levels != sorted(levels) or len(set(levels)) != len(levels):
        raise CitationSyntaxError(Problem(f"citation {text!r} mixes levels out of order"))
    return comps


def _to_address(comps: list, text: str, context: str | None) -> Address:
    steps: list[tuple[str, str]] = []
    chapter = None
    end = None
    divisions = False
    for i, c in enumerate(comps):
        if c[0] == "this":
            if context is None:
                raise CitationSyntaxError(Problem(f"{text!r}: 'this {c[1]}' needs a provision to refer to"))
            ctx = [s for s in Address.from_eid(context).steps]
            want = _kind(c)
            upto = [k for k, _ in ctx].index(want) + 1 if want in [k for k, _ in ctx] else None
            if upto is None:
                raise CitationSyntaxError(Problem(f"{text!r}: no {c[1]} around {context}"))
            steps = list(ctx[:upto])
            continue
        kind, num, c_end = c
        if c_end is not None:
            if i != len(comps) - 1:
                raise CitationSyntaxError(Problem(f"{text!r}: only the innermost number can be a range"))
            end = c_end
        if kind in ("section", "chapter"):
            if steps:
                raise CitationSyntaxError(Problem(f"{text!r}: a {kind} cannot sit inside {steps[-1][0]}"))
            if i + 1 < len(comps) and kind == "chapter":
                chapter = num
                continue
            steps = [(kind, num)]
            continue
        if kind == "division":
            kind, divisions = "part", True
        steps.append((kind, num))
    if not steps:
        raise CitationSyntaxError(Problem(f"{text!r} names no provision"))
    if steps[0][0] in ("part", "item", "paragraph"):
        raise CitationSyntaxError(Problem(
            f"{text!r}: a {steps[0][0]} needs its article (e.g. 'part II of Article 142')"))
    return Address(tuple(steps), end=end, chapter=chapter, divisions=divisions)


# ---- resolving against a text ------------------------------------------------

def compress(nums: list[str]) -> str:
    """ "I, II, III, V" -> "I-III, V": runs of consecutive numbers as ranges."""
    def value(n: str) -> int | None:
        try:
            return int(n)
        except ValueError:
            try:
                return from_roman(n)
            except ValueError:
                return None

    out: list[list[str]] = []
    for n in nums:
        v = value(n)
        if out and v is not None and value(out[-1][-1]) is not None and value(out[-1][-1]) + 1 == v:
            out[-1].append(n)
        else:
            out.append([n])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in out)


def describe_contents(node: Provision, kind: str) -> str:
    """What `node` holds of `kind`: "Article 144 has parts I-II"."""
    name = citation_of(node.eid)
    nums = [c.num for c in node.children if c.kind == kind]
    if not nums:
        kinds = sorted({c.kind for c in node.children})
        if not kinds:
            return f"{name} has no {CHILD_WORD.get(kind, kind + 's')}"
        held = "; ".join(f"{CHILD_WORD.get(k, k + 's')} {compress([c.num for c in node.children if c.kind == k])}"
                         for k in kinds)
        return f"{name} has no {CHILD_WORD.get(kind, kind + 's')} (it has {held})"
    return f"{name} has {CHILD_WORD.get(kind, kind + 's')} {compress(nums)}"


def nearby(constitution: Constitution, address: Address) -> str:
    """A sentence saying what exists near a provision that does not."""
    eid = None
    for depth, (kind, num) in enumerate(address.steps):
        parent = eid
        eid = make_eid(parent, kind, num or None)
        if eid in constitution:
            continue
        if parent is None:
            if kind == "article":
                nums = [a.num for a in constitution.articles()]
                before = [n for n in nums if article_sort_key(n) < article_sort_key(num)]
                after = [n for n in nums if article_sort_key(n) > article_sort_key(num)]
                if make_eid(None, "article", num) in constitution.repealed:
                    return f"Article {num} has been repealed"
                if not nums:
                    return f"there is no Article {num}; the text has no articles"
                if before and after:
                    return f"there is no Article {num}; Article {before[-1]} is followed by Article {after[0]}"
                return f"there is no Article {num}; the articles run from {nums[0]} to {nums[-1]}"
            if kind == "chapter":
                chs = [p.num for p in constitution.walk() if p.kind == "chapter"]
                if not chs:
                    return f"there is no Chapter {num}; the text has no chapters"
                return f"there is no Chapter {num}; the chapters are {compress(chs)}"
            return f"there is no {Address(((kind, num),)).citation}"
        return describe_contents(constitution.get(parent), kind) + f"; no {kind} {num}"
    return ""


def practised(constitution: Constitution, address: Address) -> Address:
    """ "Article 109(32)" as Azerbaijani practice reads it: item 32 when Article 109 has items and no
    parts; any other address as it is."""
    if not address.divisions or len(address.steps) < 2 or address.steps[1][0] != "part":
        return address
    article = constitution.get(Address(address.steps[:1]).eid)
    kinds = {c.kind for c in article.children} if article is not None else set()
    if "part" in kinds or "item" not in kinds:
        return address
    item = str(from_roman(address.steps[1][1]))
    return Address(address.steps[:1] + (("item", item),) + address.steps[2:], address.end, address.chapter)


def resolve(constitution: Constitution, address: Address) -> list[Provision]:
    """The provisions an address names, in order; UnknownProvision says what exists nearby."""
    address = practised(constitution, address)
    first = address.eids[0]
    if first not in constitution:
        raise UnknownProvision(Problem(f"{address.citation!r} does not exist ({nearby(constitution, address)})"))
    if address.end is None:
        return [constitution.get(first)]
    last = address.eids[1]
    if last not in constitution:
        end_addr = Address.from_eid(last)
        raise UnknownProvision(Problem(
            f"{address.citation!r}: the range ends at {end_addr.citation}, which does not exist "
            f"({nearby(constitution, end_addr)})"))
    if len(address.steps) == 1:
        siblings = [p for p in constitution.walk() if p.kind == address.kind]
    else:
        siblings = [c for c in constitution.parent_of(first).children if c.kind == address.kind]
    ids = [s.eid for s in siblings]
    i, j = ids.index(first), ids.index(last)
    if j < i:
        raise UnknownProvision(Problem(f"{address.citation!r}: the range runs backwards"))
    return siblings[i:j + 1]


def find(constitution: Constitution, citation: str, context: str | None = None) -> Provision:
    """The one provision a citation names in `constitution` (raises with what exists nearby)."""
    address = Address.parse(citation, context)
    found = resolve(constitution, address)
    if len(found) != 1:
        raise UnknownProvision(Problem(f"{citation!r} names {len(found)} provisions; give one"))
    return found[0]
