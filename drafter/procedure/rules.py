"""The adoption rules of an edition, as its rule file states them: read, validated, checked against its text.

The rules (routes, initiators, votes, steps, the form of the act, limits,
each with the provision it rests on and whether it reads the text or the
practice) are data: ``constitution/<edition>/procedure.yaml``, validated by
``schemas/procedure.schema.json`` and checked against the text it cites, so
that a rule cannot point at a provision that does not say what the rule
claims. Another edition brings its own file; without one, `load_rules`
raises `NoProcedureRules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..address import find
from ..errors import DrafterError, Problem
from ..fileio import parse_document, read_text
from ..load import DEFAULT_EDITION, edition_dir, load_edition
from ..model import Constitution
from ..schemas import locate as _at, passed, remember_passed, schema, schema_problems

RULES_FILE = "procedure.yaml"
FORMAT = "drafter-procedure/2"

#: A limit's severity: "hard" closes the route; a "warning" is for the drafter to check.
HARD, WARNING = "hard", "warning"


class NoProcedureRules(DrafterError):
    """The edition has no rule file: drafter cannot say how a draft of it is adopted."""


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

    Each call reads, validates and checks the file: a command loads the rules
    once and passes them to every `procedure_for` it makes. Raises
    `NoProcedureRules` when the edition has no rule file, `DrafterError` with
    every problem (file, line, path) when the file is malformed or cites a
    provision that does not exist or does not say what the rule expects.
    """
    if base is not None and edition is None:
        edition = base.edition.id
    path = path or rules_path(edition)
    if not path.is_file():
        raise NoProcedureRules(Problem(
            f"no procedure rules for edition {edition or DEFAULT_EDITION!r}: drafter cannot "
            f"say how a draft of it is adopted (write {RULES_FILE} beside its constitution.json)", file=str(path)))
    rules, data, lines = _read_rules(str(path))
    problems = _check_against(base or load_edition(edition), rules, data, lines)
    if problems:
        raise DrafterError(problems)
    return rules


def _rule(r: dict) -> Rule:
    return Rule(" ".join(r["says"].split()), r["cite"], r.get("count"), r.get("months"), r["basis"],
                " ".join(r["source"].split()) if r.get("source") else None)


def _read_rules(name: str) -> tuple[Rules, dict, dict]:
    """The rules of a file, with its data and the line of each path (for `_check_against`'s messages)."""
    text = read_text(Path(name), "procedure rules")
    data, lines = parse_document(text, name)
    if not isinstance(data, dict):
        raise DrafterError(Problem("procedure rules are a mapping (format, edition, classes, routes, limits)",
                                   file=name, line=1))
    content = text.encode("utf-8")
    if not passed("procedure", content):  # like an edition or a template: these bytes are validated once
        import jsonschema  # only when validating: a command whose rule file passed before need not load it

        problems = schema_problems(jsonschema.Draft202012Validator(schema("procedure")), data, name, lines)
        if problems:
            raise DrafterError(problems)
        remember_passed("procedure", content)
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
