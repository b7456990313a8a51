"""Which procedure adopts a draft: the adoption route, the instrument and its limits, from the edition's rules.

The Constitution says how it may be changed. For the embedded edition:
Chapter XI (Articles 152-155) adopts changes to the existing text by
referendum only; Chapter XII (Articles 156-158) lets the Milli Majlis adopt
additions, new provisions, as Constitutional Laws. The English translation
calls the Chapter XII instruments "amendments" and blurs the two (the
Azerbaijani original says additions, "əlavələr"), so drafter follows the
structure of each change, not the English word:

- a **revision** changes a provision of the text in force: words substituted,
  a provision reworded, repealed, or renumbered;
- an **addition** puts a new provision (item, part, article, chapter) into
  the text; changes to provisions the same draft inserts belong to it too.

A draft goes as one instrument. A draft that changes any existing text is
one Referendum Act carrying its additions too (Article 3, part II, item 1;
Article 152; the referendums of 2002, 2009 and 2016). A draft of additions
only may go by Constitutional Law or by referendum; the rules say which is
recommended. Article 158 closes the Constitutional Law route only; Article
155 closes the referendum. A new provision that derogates from the main text,
declared by its template (``derogates:``) or found in its words, cannot be
carried by a Constitutional Law (Article 156, part V): the draft is then
referendum-only.

The rules themselves (routes, initiators, votes, steps, the form of the act,
limits, each with the provision it rests on and whether it reads the text or
the practice) are data: ``constitution/<edition>/procedure.yaml``, validated
by ``schemas/procedure.schema.json`` and checked against the text it cites.
Another edition brings its own file; without one, `load_rules` raises
`NoProcedureRules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import jsonschema

from .address import citation_of, find, parse_all, resolve
from .amend import Amendment, Change
from .errors import DrafterError, Problem
from .fileio import read_data
from .load import DEFAULT_EDITION, edition_dir, load_edition
from .model import Constitution, Provision
from .schemas import locate as _at, schema, schema_problems
from .xref import find_references

RULES_FILE = "procedure.yaml"
FORMAT = "drafter-procedure/2"
REPORT_FORMAT = "drafter-procedure-report/2"

REVISION, ADDITION = "revision", "addition"
HARD, WARNING = "hard", "warning"

#: How the report names what a change does to a provision.
VERBS = {"substitute": "words substituted", "replace": "reworded", "repeal": "repealed",
         "renumber": "renumbered", "insert": "inserted"}


class NoProcedureRules(DrafterError):
    """The edition has no rule file: drafter cannot say how a draft of it is adopted."""


# ---- the rules, as read from the edition's rule file ---------------------------------

TEXT, PRACTICE = "text", "practice"


@dataclass(frozen=True)
class Rule:
    """One thing the constitution (or the practice of reading it) says about adoption, and where."""

    says: str
    cite: str
    count: int | None = None
    months: int | None = None
    basis: str = TEXT  # "text": the words of `cite`; "practice": how the referendums read them
    source: str | None = None  # for practice: the acts it is read from

    def __str__(self) -> str:
        where = self.cite if self.basis == TEXT else f"{self.cite}; practice: {self.source}"
        return f"{self.says.rstrip('.')} ({where})."


@dataclass(frozen=True)
class Step:
    """One step of a route: who acts, what they do, the votes, when, and the provision that says so."""

    who: str
    does: str
    cite: str
    votes: str | None = None
    when: str | None = None
    basis: str = TEXT
    source: str | None = None


@dataclass(frozen=True)
class ActForm:
    """The form of a route's instrument: its kind, who enacts it under which articles, entry into force."""

    kind: str
    authority: str
    basis: tuple[str, ...]
    entry_into_force: Rule
    signatory: str
    ballot: bool = False  # the act is put to the voters


@dataclass(frozen=True)
class Route:
    """A way the text may be changed: the instrument, who initiates it, votes, steps, conditions, form."""

    id: str
    title: str
    by: str  # "by referendum": how a sentence names the route
    instrument: str
    adoption: tuple[Rule, ...]
    initiators: tuple[Rule, ...]
    votes: tuple[Rule, ...]
    steps: tuple[Step, ...]
    conditions: tuple[Rule, ...]
    act: ActForm


@dataclass(frozen=True)
class ChangeClass:
    """A class of change (revision, addition) and the routes that may adopt it."""

    name: str
    description: str
    routes: tuple[str, ...]
    cite: str


@dataclass(frozen=True)
class LimitRule:
    """A limit the constitution sets on a route for some classes of change, as the rule file states it."""

    id: str
    applies_to: tuple[str, ...]
    route: str
    severity: str
    cite: str
    message: str
    match: str = "location"
    articles: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    severity_by_kind: dict[str, str] = field(default_factory=dict)
    message_by_kind: dict[str, str] = field(default_factory=dict)

    def severity_for(self, kind: str) -> str:
        return self.severity_by_kind.get(kind, self.severity)

    def message_for(self, kind: str) -> str:
        return self.message_by_kind.get(kind, self.message)


@dataclass(frozen=True)
class Heading:
    """The act's heading and the formula before its points."""

    title: str
    formula: str


@dataclass(frozen=True)
class Detector:
    """Article 156, part V by substance: the route a derogation bars, and the words that reveal one."""

    bars: str
    cite: str
    markers: tuple[str, ...]
    limiting: tuple[str, ...]
    scope: tuple[tuple[tuple[str, ...], str], ...]  # (words naming a kind of act, the provision making it bind)


@dataclass(frozen=True)
class Rules:
    """An edition's adoption rules."""

    edition: str
    path: str
    classes: dict[str, ChangeClass]
    routes: dict[str, Route]
    limits: tuple[LimitRule, ...]
    one_act: tuple[Rule, ...]
    recommended: str
    recommendation: Rule
    headings: dict[str, Heading]
    derogation: Detector


def rules_path(edition: str | None = None) -> Path:
    """Where an edition's rule file is (it may not exist)."""
    return edition_dir(edition) / RULES_FILE


def load_rules(edition: str | None = None, base: Constitution | None = None, path: Path | None = None) -> Rules:
    """The adoption rules of an edition, every citation checked against its text.

    Raises `NoProcedureRules` when the edition has no rule file, `DrafterError`
    with every problem (file, line, path) when the file is malformed or cites
    a provision that does not exist or does not say what the rule expects.
    """
    if base is not None and edition is None:
        edition = base.edition.id
    path = path or rules_path(edition)
    if not path.is_file():
        raise NoProcedureRules(Problem(
            f"no procedure rules for edition {edition or DEFAULT_EDITION!r}: drafter cannot "
            f"say how a draft of it is adopted (write {RULES_FILE} beside its constitution.json)", file=str(path)))
    mtime = path.stat().st_mtime
    rules, data, lines = _read_rules(str(path), mtime)
    base = base or load_edition(edition)
    if _checked.get((str(path), mtime)) is not base:  # each rule file read against each text once
        problems = _check_against(base, rules, data, lines)
        if problems:
            raise DrafterError(problems)
        _checked[(str(path), mtime)] = base
    return rules


#: rule file (path, mtime) -> the text its citations were last checked against.
_checked: dict[tuple[str, float], Constitution] = {}


def _rule(r: dict) -> Rule:
    return Rule(" ".join(r["says"].split()), r["cite"], r.get("count"), r.get("months"), r["basis"],
                " ".join(r["source"].split()) if r.get("source") else None)


@lru_cache(maxsize=8)
def _read_rules(name: str, mtime: float) -> tuple[Rules, dict, dict]:
    data, lines = read_data(Path(name), "procedure rules", lines=True)
    if not isinstance(data, dict):
        raise DrafterError(Problem("procedure rules are a mapping (format, edition, classes, routes, limits)",
                                   file=name, line=1))
    validator = jsonschema.Draft202012Validator(schema("procedure"))
    problems = schema_problems(validator, data, name, lines)
    if problems:
        raise DrafterError(problems)
    problems = []
    known = ", ".join(data["routes"])
    for cname, c in data["classes"].items():
        for n, rid in enumerate(c["routes"]):
            if rid not in data["routes"]:
                problems.append(_at(name, lines, ("classes", cname, "routes", n), f"no route {rid!r} (routes: {known})"))
    for path, rid in ([(("recommendation", "route"), data["recommendation"]["route"]),
                       (("derogation", "bars"), data["derogation"]["bars"])]
                      + [(("limits", i, "route"), lim["route"]) for i, lim in enumerate(data["limits"])]):
        if rid not in data["routes"]:
            problems.append(_at(name, lines, path, f"no route {rid!r} (routes: {known})"))
    if problems:
        raise DrafterError(problems)

    def rules_of(items: list) -> tuple[Rule, ...]:
        return tuple(_rule(r) for r in items)

    def steps_of(items: list) -> tuple[Step, ...]:
        return tuple(Step(s["who"], " ".join(s["does"].split()), s["cite"], s.get("votes"), s.get("when"),
                          s["basis"], s.get("source")) for s in items)

    routes = {rid: Route(rid, r["title"], r["by"], r["instrument"], rules_of(r["adoption"]), rules_of(r["initiators"]),
                         rules_of(r["votes"]), steps_of(r["steps"]), rules_of(r.get("conditions", ())),
                         ActForm(r["act"]["kind"], " ".join(r["act"]["authority"].split()), tuple(r["act"]["basis"]),
                                 _rule(r["act"]["entry_into_force"]), r["act"]["signatory"],
                                 r["act"].get("ballot", False)))
              for rid, r in data["routes"].items()}
    classes = {n: ChangeClass(n, c["description"], tuple(c["routes"]), c["cite"]) for n, c in data["classes"].items()}
    limits = tuple(LimitRule(
        id=lim["id"], applies_to=tuple(lim["applies_to"]), route=lim["route"], severity=lim["severity"],
        cite=lim["cite"], message=" ".join(lim["message"].split()), match=lim.get("match", "location"),
        articles=tuple(lim.get("articles", ())), chapters=tuple(lim.get("chapters", ())),
        kinds=tuple(lim.get("kinds", ())), severity_by_kind=dict(lim.get("severity_by_kind", {})),
        message_by_kind={k: " ".join(v.split()) for k, v in lim.get("message_by_kind", {}).items()},
    ) for lim in data["limits"])
    d = data["derogation"]
    detector = Detector(d["bars"], d["cite"], tuple(d["markers"]), tuple(d["limiting"]),
                        tuple((tuple(s["words"]), s["provision"]) for s in d["scope"]))
    rec = data["recommendation"]
    headings = {k: Heading(h["title"], h["formula"]) for k, h in data["headings"].items()}
    rules = Rules(data["edition"], name, classes, routes, limits, rules_of(data["one_act"]), rec["route"],
                  _rule(rec), headings, detector)
    return rules, data, lines


def _check_against(base: Constitution, rules: Rules, data: dict, lines: dict) -> list[Problem]:
    """Every citation in the rule file names a provision of `base` that holds the words expected."""
    name = rules.path
    problems = []
    if data["edition"] != base.edition.id:
        problems.append(_at(name, lines, ("edition",),
                            f"rules for edition {data['edition']!r}, but the text is {base.edition.id!r}"))

    def check(path: tuple, entry: dict, key: str = "cite") -> None:
        try:
            node = find(base, entry[key])
        except DrafterError as exc:
            problems.append(_at(name, lines, path + (key,), exc.problems[0].message))
            return
        expect = entry.get("expect")
        if expect and " ".join(expect.split()) not in " ".join(node.words().split()):
            problems.append(_at(name, lines, path + ("expect",),
                                f"{entry[key]} does not say {expect!r}: was the rule written for another edition?"))

    for cname, c in data["classes"].items():
        check(("classes", cname), c)
    for rid, r in data["routes"].items():
        for key in ("adoption", "initiators", "votes", "steps", "conditions"):
            for i, entry in enumerate(r.get(key, ())):
                check(("routes", rid, key, i), entry)
        check(("routes", rid, "act", "entry_into_force"), r["act"]["entry_into_force"])
        for i, cite in enumerate(r["act"]["basis"]):
            check(("routes", rid, "act", "basis"), {i: cite}, i)
    for i, entry in enumerate(data["one_act"]):
        check(("one_act", i), entry)
    check(("recommendation",), data["recommendation"])
    check(("derogation",), data["derogation"])
    for i, entry in enumerate(data["derogation"]["scope"]):
        check(("derogation", "scope", i), entry, "provision")
    chapters = {p.num for p in base.walk() if p.kind == "chapter"}
    articles = {p.num for p in base.walk() if p.kind == "article"}
    for i, lim in enumerate(data["limits"]):
        check(("limits", i), lim)
        for n, num in enumerate(lim.get("articles", ())):
            if num not in articles:
                problems.append(_at(name, lines, ("limits", i, "articles", n), f"there is no Article {num}"))
        for n, num in enumerate(lim.get("chapters", ())):
            if num not in chapters:
                problems.append(_at(name, lines, ("limits", i, "chapters", n), f"there is no Chapter {num}"))
    return problems


# ---- classifying the changes ------------------------------------------------------------

@dataclass(frozen=True)
class Derogated:
    """A provision of the main text a change departs from: declared by its template, or found in its words."""

    provision: str  # citation in the base text
    reason: str
    declared: bool
    articles: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classified:
    """A change with its class and the provisions it touches (article and chapter numbers)."""

    change: Change
    cls: str
    provision: str  # citation: the base numbering for a revision, the new numbering for an addition
    articles: tuple[str, ...]
    chapters: tuple[str, ...]
    mentions: tuple[tuple[str, str], ...] = ()  # (citation, chapter) its new words cite
    derogates: tuple[Derogated, ...] = ()


def _chapter_num(text: Constitution, eid: str) -> str | None:
    node = text.get(eid)
    if node is not None and node.kind == "chapter":
        return node.num
    chapter = text.chapter_of(eid)
    return chapter.num if chapter else None


def _touched(text: Constitution, eid: str, node: Provision | None, deep: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Article and chapter numbers a change touches: its own place, and with `deep` everything under it."""
    articles: list[str] = []
    chapters: list[str] = []

    def add(e: str, n: Provision | None) -> None:
        art = n if n is not None and n.kind == "article" else text.article_of(e)
        if art is not None and art.num not in articles:
            articles.append(art.num)
        ch = n.num if n is not None and n.kind == "chapter" else _chapter_num(text, e)
        if ch and ch not in chapters:
            chapters.append(ch)

    add(eid, text.get(eid) or node)
    if deep and node is not None:
        for d in node.walk():
            if d.kind in ("article", "chapter"):
                add(d.eid, d)
    return tuple(articles), tuple(chapters)


_CITES = re.compile(r"\b(?:Articles?\s+\d+(?:-\d+)*(?:\s*(?:,|and|or|-|–)\s*\d+(?:-\d+)*)*|Chapters?\s+[IVXLC]+(?:-\d+)?)\b")


def _mentions(node: Provision, text: Constitution) -> tuple[tuple[str, str], ...]:
    """The citations in the words of a new provision, each with a chapter number of what it names."""
    found: list[tuple[str, str]] = []
    for d in node.walk():
        for words in (d.heading, d.text):
            for m in _CITES.finditer(words or ""):
                try:
                    addresses = parse_all(m.group(0))
                except DrafterError:
                    continue
                for address in addresses:
                    try:
                        provisions = resolve(text, address)
                    except DrafterError:
                        continue
                    for chapter in dict.fromkeys(_chapter_num(text, p.eid) for p in provisions):
                        entry = (address.citation, chapter or "")
                        if chapter and entry not in found:
                            found.append(entry)
    return tuple(found)


def classify(amendment: Amendment, rules: Rules | None = None) -> list[Classified]:
    """Every change of an amendment as a revision of the text in force or an addition to it.

    With `rules`, each change also carries the provisions it derogates from
    (see `derogations`); a declared provision that does not exist raises.
    """
    out = []
    for change in amendment.changes:
        if change.kind == "insert" or change.base_eid is None:
            text, eid, node = amendment.amended, change.eid, change.after
            arts, chs = _touched(text, eid, node, deep=False)
            out.append(Classified(change, ADDITION, citation_of(eid), arts, chs,
                                  _mentions(node, amendment.base) if node is not None else ()))
            continue
        eid = change.base_eid
        node = amendment.base.get(eid) or change.before
        # Substituted words and a new wording of a provision's own text touch that provision only;
        # a repeal, or a new wording that replaces the children, touches everything under it.
        deep = change.kind == "repeal" or (change.kind == "replace" and change.before is not None
                                           and change.after is not None
                                           and change.before.children != change.after.children)
        arts, chs = _touched(amendment.base, eid, node, deep)
        out.append(Classified(change, REVISION, citation_of(eid), arts, chs))
    if rules is not None:
        found = derogations(amendment, rules)
        out = [replace(c, derogates=found.get(id(c.change), ())) for c in out]
    return out


# ---- Article 156, part V by substance ------------------------------------------------------

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


def _words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in words) + r")\b")


def _place(base: Constitution, eid: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    art = base.article_of(eid)
    node = base.get(eid)
    article = node if node is not None and node.kind == "article" else art
    chapter = _chapter_num(base, eid)
    return ((article.num,) if article else ()), ((chapter,) if chapter else ())


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
    scope = [(_words(words), find(base, cite)) for words, cite in detector.scope]
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
            declared.append((node.eid, Derogated(citation_of(node.eid), d.reason, True, *_place(base, node.eid))))
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
                candidates.extend((node.eid, limited) for pattern, node in scope if pattern.search(low))
            for cand, match in candidates:
                if cand in found or any(_covers(e, cand) for e, _ in declared):
                    continue
                found[cand] = Derogated(citation_of(cand), f"{citation_of(eid)}: \u201c{_around(sentence, match)}\u201d",
                                        False, *_place(base, cand))
        if declared or found:
            out[id(change)] = tuple(d for _, d in declared) + tuple(found.values())
    if problems:
        raise DrafterError(problems)
    return out


# ---- the procedure ----------------------------------------------------------------------

@dataclass(frozen=True)
class Instrument:
    """The act that carries the draft: its route, its form, and the changes it carries."""

    route: str
    title: str  # the route's title: "Adoption by referendum"
    instrument: str
    kind: str  # the act's kind: "Act of the Referendum of the Republic of Azerbaijan"
    heading: str  # "On amendments and additions to the Constitution of the Republic of Azerbaijan"
    formula: str  # the sentence before the points
    authority: str  # who enacts it, under which articles
    basis: tuple[str, ...]
    entry_into_force: Rule
    signatory: str
    ballot: bool  # the act is put to the voters (a ballot is drafted)
    carries: tuple[str, ...]  # classes of change: ("revision", "addition")
    adoption: tuple[Rule, ...]
    initiators: tuple[Rule, ...]
    votes: tuple[Rule, ...]
    steps: tuple[Step, ...]
    conditions: tuple[Rule, ...]
    changes: tuple[Change, ...]
    provisions: tuple[str, ...]  # citations of the provisions changed, in order, once each

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.template for c in self.changes))


@dataclass(frozen=True)
class Limit:
    """A limit a change runs into on a route, with the provision that sets it and where the edit is."""

    rule: str
    severity: str  # "hard" (closes the route) or "warning"
    article: str  # the citation of the provision that sets the limit: "Article 155"
    message: str  # names the change, its template and edit, and why
    route: str
    change: Change
    provision: str
    file: str | None = None
    line: int | None = None
    path: str | None = None

    @property
    def template(self) -> str:
        return self.change.template

    @property
    def edit(self) -> int:
        return self.change.edit

    def problem(self) -> Problem:
        """The limit as a Problem located at the template's edit."""
        return Problem(f"{self.article}: {self.message}", file=self.file, line=self.line, path=self.path)


@dataclass(frozen=True)
class OptionRoute:
    """What one option of the draft allows: the routes open to its changes, its revisions and additions."""

    option: str
    routes: tuple[str, ...]
    revisions: int
    additions: int
    hard: int
    warnings: int


@dataclass(frozen=True)
class Procedure:
    """How a draft can be adopted: the route, the one instrument, the routes closed and why, the limits."""

    edition: str
    rules_file: str
    options: tuple[str, ...]
    route: str | None  # the route the draft takes (None: no change)
    forced: bool  # the route was asked for (--route)
    open_routes: tuple[str, ...]  # the routes no hard limit closes, in the rule file's order
    recommended: str | None  # when more than one is open: the one recommended
    reasons: tuple[Rule, ...]  # why this route
    instruments: tuple[Instrument, ...]  # one, or none when nothing changes
    limits: tuple[Limit, ...]  # of the route taken
    closed: dict[str, tuple[Limit, ...]]  # every other route that is closed: the hard limits closing it
    per_option: tuple[OptionRoute, ...]
    notes: tuple[Rule, ...]
    classified: tuple[Classified, ...]
    titles: dict[str, str] = field(default_factory=dict)  # route id -> title
    checked: tuple[str, ...] = ()  # the articles whose limits were checked

    @property
    def hard(self) -> list[Limit]:
        return [lim for lim in self.limits if lim.severity == HARD]

    @property
    def warnings(self) -> list[Limit]:
        return [lim for lim in self.limits if lim.severity == WARNING]

    @property
    def routes(self) -> tuple[str, ...]:
        return tuple(i.route for i in self.instruments)

    @property
    def adoptable(self) -> bool:
        return not self.hard

    @property
    def derogations(self) -> list[tuple[Classified, Derogated]]:
        return [(c, d) for c in self.classified for d in c.derogates]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _named(change: Change, provision: str) -> str:
    return f"{provision} ({VERBS.get(change.kind, change.kind)}; option {change.template}, edit {change.edit + 1})"


def _limit_of(item: Classified, rule: LimitRule, rules: Rules) -> Limit | None:
    change = item.change
    if item.cls not in rule.applies_to or (rule.kinds and change.kind not in rule.kinds):
        return None
    if rule.match == "mentions":
        if set(item.chapters) & set(rule.chapters):
            return None  # located there: the location limit speaks
        hits = list(dict.fromkeys(c for c, ch in item.mentions if ch in rule.chapters))
        if not hits:
            return None
        matched = _joined(hits)
    elif rule.match == "derogates":
        hits = list(dict.fromkeys(d.provision for d in item.derogates
                                  if set(d.articles) & set(rule.articles) or set(d.chapters) & set(rule.chapters)))
        if not hits:
            return None
        matched = _joined(hits)
    else:
        arts = [a for a in item.articles if a in rule.articles]
        chs = [c for c in item.chapters if c in rule.chapters]
        if not arts and not chs:
            return None
        if arts:
            matched = ("Articles " + _joined(arts)) if len(arts) > 1 else f"Article {arts[0]}"
        else:
            matched = ("Chapters " + _joined(chs)) if len(chs) > 1 else f"Chapter {chs[0]}"
    says = rule.message_for(change.kind).format(matched=matched, route=rules.routes[rule.route].title)
    return Limit(rule.id, rule.severity_for(change.kind), rule.cite, f"{_named(change, item.provision)}: {says}",
                 rule.route, change, item.provision)


def _route_limits(item: Classified, rid: str, rules: Rules) -> list[Limit]:
    """Every limit a change meets on one route: the class's routes, Article 156 V by substance, the rules."""
    out = []
    change, cls = item.change, rules.classes[item.cls]
    if rid not in cls.routes:
        others = " or ".join(rules.routes[r].by for r in cls.routes)
        out.append(Limit(f"{item.cls}-route", HARD, cls.cite,
                         f"{_named(change, item.provision)}: a {item.cls} of the text in force, which {cls.cite} "
                         f"reserves to adoption {others}: it cannot go {rules.routes[rid].by}", rid, change,
                         item.provision))
    for d in item.derogates:
        how = f"declared: {d.reason}" if d.declared else f"not declared; found in {d.reason}"
        if rid == rules.derogation.bars:
            out.append(Limit("derogation" if d.declared else "derogation-found", HARD, rules.derogation.cite,
                             f"{_named(change, item.provision)}: derogates from {d.provision} ({how}); "
                             f"a Constitutional Law must not contradict the main text: only a referendum can "
                             f"adopt it", rid, change, item.provision))
        if not d.declared:
            out.append(Limit("undeclared-derogation", WARNING, rules.derogation.cite,
                             f"{_named(change, item.provision)}: may derogate from {d.provision} ({d.reason}); "
                             f"a Constitutional Law cannot carry a derogation, so the draft is referendum-only: "
                             f"declare it in the edit's derogates: or redraft", rid, change, item.provision))
    for rule in rules.limits:
        if rule.route == rid:
            lim = _limit_of(item, rule, rules)
            if lim is not None:
                out.append(lim)
    return out


def _located(limits: list[Limit], amendment: Amendment) -> list[Limit]:
    templates = {t.id: t for t in amendment.templates}
    out = []
    for lim in limits:
        t = templates.get(lim.template)
        if t is not None:
            loc = t.where("edits", lim.edit)
            lim = replace(lim, file=loc.file, line=loc.line, path=loc.path)
        out.append(lim)
    order = list(amendment.options)
    out.sort(key=lambda lim: (lim.severity != HARD, order.index(lim.template) if lim.template in order else 0,
                              lim.edit))
    return out


def _open(items: list[Classified], by_route: dict[str, list[Limit]], rules: Rules) -> tuple[str, ...]:
    ids = {id(i.change) for i in items}
    return tuple(rid for rid in rules.routes
                 if not any(lim.severity == HARD and id(lim.change) in ids for lim in by_route[rid]))


def procedure_for(amendment: Amendment, rules: Rules | None = None, route: str | None = None) -> Procedure:
    """The route a draft takes, its one instrument, the routes closed to it and why, and every limit.

    `route` forces a route (``--route``); when a hard limit closes it, the
    procedure says so (`hard`), each limit naming the provision and the
    article that forbid it. Raises `DrafterError` for a route the rules do
    not know, or a declared derogation from a provision that does not exist.
    """
    rules = rules or load_rules(base=amendment.base)
    if route is not None and route not in rules.routes:
        raise DrafterError(Problem(f"--route {route!r}: no such route (routes: {', '.join(rules.routes)})"))
    items = classify(amendment, rules)
    by_route = {rid: _located([lim for item in items for lim in _route_limits(item, rid, rules)], amendment)
                for rid in rules.routes}
    open_routes = _open(items, by_route, rules) if items else ()
    recommended = rules.recommended if len(open_routes) > 1 and rules.recommended in open_routes else None
    has_revision = any(i.cls == REVISION for i in items)
    reasons: list[Rule] = []
    if not items:
        chosen = None
    elif route is not None:
        chosen = route
        reasons.append(Rule(f"The route was asked for (--route {route}).", rules.routes[route].adoption[0].cite))
    elif has_revision:
        chosen = next(r for r in rules.routes if r in rules.classes[REVISION].routes)
        reasons.extend(rules.one_act)
    elif recommended:
        chosen = recommended
        reasons.append(rules.recommendation)
    elif open_routes:
        chosen = open_routes[0]
        for rid, lims in by_route.items():
            bar = next((lim for lim in lims if lim.severity == HARD), None)
            if rid != chosen and bar is not None:
                reasons.append(Rule(f"It is the only route open: {rules.routes[rid].title} is closed (see below).",
                                    bar.article))
                break
    else:
        chosen = rules.recommended if any(i.cls == ADDITION for i in items) else next(iter(rules.routes))
    instruments: tuple[Instrument, ...] = ()
    if chosen is not None:
        r = rules.routes[chosen]
        carries = tuple(c for c in (REVISION, ADDITION) if any(i.cls == c for i in items))
        heading = rules.headings["both" if len(carries) > 1 else carries[0]]
        instruments = (Instrument(
            chosen, r.title, r.instrument, r.act.kind, heading.title, heading.formula, r.act.authority,
            r.act.basis, r.act.entry_into_force, r.act.signatory, r.act.ballot, carries, r.adoption, r.initiators, r.votes,
            r.steps, r.conditions, tuple(i.change for i in items), tuple(dict.fromkeys(i.provision for i in items))),)
    limits = tuple(by_route[chosen]) if chosen else ()
    closed = {rid: tuple(lim for lim in lims if lim.severity == HARD)
              for rid, lims in by_route.items() if rid != chosen and rid not in open_routes}

    per_option = []
    notes: list[Rule] = []
    for option in amendment.options:
        mine = [i for i in items if i.change.template == option]
        per_option.append(OptionRoute(
            option, _open(mine, by_route, rules) if mine else (), sum(i.cls == REVISION for i in mine),
            sum(i.cls == ADDITION for i in mine),
            sum(lim.template == option and lim.severity == HARD for lim in limits),
            sum(lim.template == option and lim.severity == WARNING for lim in limits)))
        renumbered = [i.provision for i in mine if i.cls == REVISION and i.change.kind == "renumber"]
        if renumbered and any(i.cls == ADDITION for i in mine):
            notes.append(Rule(
                f"Option {option} renumbers {_joined(list(dict.fromkeys(renumbered)))} to make room for a new "
                f"provision; renumbering changes the text in force, which only a referendum may do. Appending "
                f"the new provision instead (no renumber) keeps it an addition, open to a Constitutional Law.",
                rules.classes[REVISION].cite))
    return Procedure(amendment.base.edition.id, rules.path, tuple(amendment.options), chosen, route is not None,
                     open_routes, recommended, tuple(reasons), instruments, limits, closed, tuple(per_option),
                     tuple(notes), tuple(items), {rid: r.title for rid, r in rules.routes.items()},
                     tuple(dict.fromkeys([lim.cite for lim in rules.limits] + [rules.derogation.cite])))


def hard_limits(amendment: Amendment, rules: Rules | None = None) -> list[Problem]:
    """The hard limits an amendment runs into on the route it takes, as Problems at the template's edit.

    What `drafter check` fails on. Raises `NoProcedureRules` when the edition has no rule file.
    """
    return [lim.problem() for lim in procedure_for(amendment, rules).hard]


def check_warnings(procedure: Procedure) -> list[Problem]:
    """What `drafter check` warns of, at the template's edit: the derogations found in new words that
    the template does not declare (Article 156, part V)."""
    return [lim.problem() for lim in procedure.limits if lim.rule == "undeclared-derogation"]


def check_notes(procedure: Procedure) -> list[Problem]:
    """What `drafter check` notes, at the template's edit: the declared derogations, each of which
    makes the draft referendum-only (Article 156, part V). Information, not a fault."""
    return [replace(lim.problem(), message=f"referendum-only: {lim.article}: {lim.message}")
            for lims in procedure.closed.values() for lim in lims if lim.rule == "derogation"]


# ---- output -----------------------------------------------------------------------------

def _rules_line(rules: tuple[Rule, ...]) -> str:
    return " ".join(str(r) for r in rules)


def _carried(p: Procedure, i: Instrument) -> str:
    return " and ".join(_plural(sum(c.cls == cls for c in p.classified), cls) for cls in i.carries)


def _closing(p: Procedure, limits: tuple[Limit, ...]) -> str:
    """The hard limits closing a route, grouped by the article that sets them."""
    by_article: dict[str, dict[str, None]] = {}  # article -> its provisions, in order, once each
    for lim in limits:
        by_article.setdefault(lim.article, {})[lim.provision] = None
    return "; ".join(f"{art} ({'; '.join(provs)})" for art, provs in by_article.items())


def summary_lines(procedure: Procedure) -> list[str]:
    """The adoption route, for the terminal."""
    p = procedure
    out = [f"Adoption procedure ({p.edition}) for {', '.join(p.options) or 'no options'}"]
    if not p.instruments:
        out.append("No changes: nothing to adopt.")
        return out
    i = p.instruments[0]
    out.append(f"One instrument: {i.kind} \u201c{i.heading}\u201d ({_carried(p, i)}): {i.title}.")
    for r in p.reasons:
        out.append(f"   Why: {r}")
    titles = p.titles
    out.append("Routes open: " + ("; ".join(titles[r] for r in p.open_routes) or "none") + "."
               + (f" Recommended: {titles[p.recommended]}." if p.recommended else ""))
    for rid, lims in p.closed.items():
        out.append(f"Closed: {titles[rid]}, by {_closing(p, lims)}.")
    out.append(f"Points carried: {'; '.join(i.provisions)}.")
    out.append(f"   Adoption: {_rules_line(i.adoption)}")
    out.append(f"   Initiative: {_rules_line(i.initiators)}")
    out.append(f"   Votes: {_rules_line(i.votes)}")
    for k, s in enumerate(i.steps, start=1):
        extra = "".join(f"; {x}" for x in (s.votes, s.when) if x)
        out.append(f"   Step {k}: {s.who}: {s.does.rstrip('.')}{extra} ({s.cite}).")
    out.append(f"   Entry into force: {i.entry_into_force}")
    for r in i.conditions:
        out.append(f"   Condition: {r}")
    for c, d in p.derogations:
        state = "declared" if d.declared else "found, not declared"
        out.append(f"Derogation ({state}): {_named(c.change, c.provision)} derogates from {d.provision}: {d.reason}")
    if len(p.per_option) > 1:
        out.append("Per option:")
        for o in p.per_option:
            what = ", ".join(s for s in (_plural(o.revisions, "revision") if o.revisions else "",
                                         _plural(o.additions, "addition") if o.additions else "") if s) or "no changes"
            opened = "; ".join(titles[r] for r in o.routes) or "no route open"
            out.append(f"   {o.option}: {what}; open alone to: {opened}")
    if p.limits:
        out.append(f"Limits: {_plural(len(p.hard), 'hard limit')}, {_plural(len(p.warnings), 'warning')}.")
        for lim in p.limits:
            out.append(f"   {lim.severity.upper()} {lim.article}: {lim.message}")
    for note in p.notes:
        out.append(f"Note: {note}")
    if p.hard:
        out.append(f"Cannot be adopted as drafted ({i.title}): {_plural(len(p.hard), 'hard limit')} "
                   f"({', '.join(dict.fromkeys(lim.article for lim in p.hard))}).")
    else:
        rest = f", subject to {_plural(len(p.warnings), 'warning')} to check" if p.warnings else ""
        out.append(f"Adoptable ({i.title}){rest}.")
    return out


# ---- the drafting memorandum ---------------------------------------------------------------

@dataclass(frozen=True)
class MemoSection:
    """A section of the memorandum: a heading, paragraphs of prose, and perhaps a table."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Memo:
    """The adoption procedure as a lawyer reads it: prose and a table of steps (`render_procedure`)."""

    title: str
    subtitle: str
    sections: tuple[MemoSection, ...]


def _cited(r: Rule) -> str:
    """A rule as a sentence of prose with its source: the provision, and for practice the acts."""
    if r.basis == PRACTICE:
        return f"{r.says.rstrip('.')} (practice, reading {r.cite}: {r.source})."
    return f"{r.says.rstrip('.')} ({r.cite})."


def memorandum(procedure: Procedure) -> Memo:
    """The drafting memorandum of a draft's adoption: the instrument and why, the routes open and
    closed, the steps, the limits checked, the derogations and the warnings."""
    p = procedure
    subtitle = f"Options: {', '.join(p.options) or 'none'}. Edition: {p.edition}."
    if not p.instruments:
        return Memo("Adoption of the draft: drafting memorandum", subtitle,
                    (MemoSection("The instrument", ("The options change no provision: there is nothing to adopt.",)),))
    i = p.instruments[0]
    revisions = sum(c.cls == REVISION for c in p.classified)
    additions = sum(c.cls == ADDITION for c in p.classified)
    what = " and ".join(x for x in (_plural(revisions, "amendment") + " to the text in force" if revisions else "",
                                    _plural(additions, "addition") if additions else "") if x)
    sections = [MemoSection("The instrument", (
        f"The draft makes {what}. It is to be adopted as one instrument, the {i.kind} "
        f"\u201c{i.heading}\u201d ({i.title.lower()}), carrying all of them: "
        f"{'; '.join(i.provisions)}.",
        *(_cited(r) for r in p.reasons),
        f"Enacting authority and legal basis: {i.authority}",
        f"Entry into force: {_cited(i.entry_into_force)}",
    ))]
    routes = []
    opened = [p.titles[r] for r in p.open_routes]
    routes.append(f"Routes open to the draft: {_joined(opened) if opened else 'none'}."
                  + (f" Recommended: {p.titles[p.recommended]}." if p.recommended else "")
                  + (" The route was chosen by the drafter (--route)." if p.forced else ""))
    for rid, lims in p.closed.items():
        first = {lim.rule: lim for lim in reversed(lims)}
        why = " ".join(f"{_cap(lim.message.split(': ', 1)[-1])} ({lim.article})." for lim in reversed(first.values()))
        routes.append(f"{p.titles[rid]} is closed, by {_closing(p, lims)}. {why}")
    sections.append(MemoSection("Routes", tuple(routes)))
    header = ("No.", "Who acts", "What", "Votes", "When", "Provision")
    rows = tuple((str(k), s.who, s.does, s.votes or "\u2014", s.when or "\u2014",
                  s.cite if s.basis == TEXT else f"{s.cite} (practice: {s.source})")
                 for k, s in enumerate(i.steps, start=1))
    sections.append(MemoSection("Steps", (
        "Initiative: " + " ".join(_cited(r) for r in i.initiators),
        "Votes: " + " ".join(_cited(r) for r in i.votes)), header, rows))
    checked = [f"The limits of {_joined(list(p.checked))} were checked against every change."] if p.checked else []
    checked += [_cited(r) for r in i.conditions]
    hard = [f"{lim.article}: {lim.message}." for lim in p.hard]
    checked += (["The draft cannot be adopted as drafted:"] + hard) if hard else \
        [f"No limit bars the draft on its route ({i.title})."]
    sections.append(MemoSection("Limits checked", tuple(checked)))
    if p.derogations:
        sections.append(MemoSection("Derogations (Article 156, part V)", tuple(
            f"{c.provision} ({'declared' if d.declared else 'found in its words, not declared'}): derogates from "
            f"{d.provision}: {d.reason}." for c, d in p.derogations)))
    warnings = [f"{lim.article}: {lim.message} ({_where(lim)})." for lim in p.warnings]
    warnings += [_cited(n) for n in p.notes]
    if warnings:
        sections.append(MemoSection("Warnings and notes", tuple(warnings)))
    return Memo("Adoption of the draft: drafting memorandum", subtitle, tuple(sections))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(lim: Limit) -> str:
    return f"{lim.file}:{lim.line} {lim.path}" if lim.file else f"option {lim.template}, edit {lim.edit + 1}"


def _rule_json(r: Rule) -> dict:
    out: dict = {"says": r.says, "cite": r.cite, "basis": r.basis}
    if r.source is not None:
        out["source"] = r.source
    if r.count is not None:
        out["count"] = r.count
    if r.months is not None:
        out["months"] = r.months
    return out


def _step_json(s: Step) -> dict:
    return {"who": s.who, "does": s.does, "votes": s.votes, "when": s.when, "cite": s.cite, "basis": s.basis}


def _change_json(c: Classified, number: int) -> dict:
    """A classified change; `number` is its place in the amendment's change list, from 1 (as report.json
    numbers changes), and `edit` its edit's place in its template, from 1."""
    return {"number": number, "class": c.cls, "kind": c.change.kind, "citation": c.provision,
            "eId": c.change.eid, "base_eId": c.change.base_eid, "option": c.change.template,
            "edit": c.change.edit + 1, "articles": list(c.articles), "chapters": list(c.chapters)}


def _limit_json(lim: Limit) -> dict:
    return {"severity": lim.severity, "rule": lim.rule, "cite": lim.article, "message": lim.message,
            "route": lim.route, "citation": lim.provision, "kind": lim.change.kind, "option": lim.template,
            "edit": lim.edit + 1, "file": lim.file, "line": lim.line, "path": lim.path}


def to_json(procedure: Procedure) -> dict:
    """The procedure as plain data (for `--format json` and the draft's report.json)."""
    p = procedure
    by_change = {id(c.change): (c, n) for n, c in enumerate(p.classified, start=1)}
    return {
        "format": REPORT_FORMAT,
        "edition": p.edition,
        "rules": p.rules_file,
        "options": list(p.options),
        "route": p.route,
        "forced": p.forced,
        "open_routes": list(p.open_routes),
        "recommended": p.recommended,
        "reasons": [_rule_json(r) for r in p.reasons],
        "adoptable": p.adoptable,
        "only_route_open": p.open_routes[0] if len(p.open_routes) == 1 and len(p.titles) > 1 else None,
        "instruments": [{
            "route": i.route, "title": i.title, "instrument": i.instrument, "kind": i.kind, "heading": i.heading,
            "authority": i.authority, "basis": list(i.basis), "entry_into_force": _rule_json(i.entry_into_force),
            "signatory": i.signatory, "ballot": i.ballot, "carries": list(i.carries), "options": list(i.options),
            "adoption": [_rule_json(r) for r in i.adoption],
            "initiators": [_rule_json(r) for r in i.initiators],
            "votes": [_rule_json(r) for r in i.votes],
            "steps": [_step_json(s) for s in i.steps],
            "conditions": [_rule_json(r) for r in i.conditions],
            "changes": [_change_json(*by_change[id(c)]) for c in i.changes],
        } for i in p.instruments],
        "closed": {rid: [_limit_json(lim) for lim in lims] for rid, lims in p.closed.items()},
        "derogations": [{"provision": d.provision, "reason": d.reason, "declared": d.declared,
                         "change": c.provision, "option": c.change.template, "edit": c.change.edit + 1}
                        for c, d in p.derogations],
        "per_option": [{"option": o.option, "routes": list(o.routes), "revisions": o.revisions,
                        "additions": o.additions, "hard": o.hard, "warnings": o.warnings} for o in p.per_option],
        "limits": [_limit_json(lim) for lim in p.limits],
        "notes": [_rule_json(r) for r in p.notes],
    }


__all__ = [
    "ADDITION", "REVISION", "HARD", "WARNING", "Classified", "Derogated", "Instrument", "Limit",
    "Memo", "MemoSection", "NoProcedureRules", "OptionRoute", "Procedure", "Rule", "Rules", "Step", "check_warnings",
    "classify", "memorandum",
    "derogations", "hard_limits", "load_rules", "procedure_for", "rules_path", "summary_lines", "to_json",
]
