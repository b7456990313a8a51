"""Which procedure adopts a draft: the adoption route, instruments and limits, from the edition's rules.

The Constitution says how it may be changed. For the embedded edition:
Chapter XI (Articles 152-155) adopts changes to the existing text by
referendum only; Chapter XII (Articles 156-158) adopts additions, new
provisions, as Constitutional Laws of the Milli Majlis. The English
translation calls the Chapter XII instruments "amendments" and blurs the two
(the Azerbaijani original says additions, "əlavələr"), so drafter follows the
structure of each change, not the English word:

- a **revision** changes a provision of the text in force: words substituted,
  a provision reworded, repealed, or renumbered;
- an **addition** puts a new provision (item, part, article, chapter) into
  the text; changes to provisions the same draft inserts belong to it too.

The rules themselves (routes, initiators, votes, timetable, limits, each with
the provision it rests on) are data: ``constitution/<edition>/procedure.yaml``,
validated by ``schemas/procedure.schema.json`` and checked against the text it
cites. Another edition brings its own file; without one, `load_rules` raises
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

RULES_FILE = "procedure.yaml"
FORMAT = "drafter-procedure/1"
REPORT_FORMAT = "drafter-procedure-report/2"

REVISION, ADDITION = "revision", "addition"
HARD, WARNING = "hard", "warning"

#: How the report names what a change does to a provision.
VERBS = {"substitute": "words substituted", "replace": "reworded", "repeal": "repealed",
         "renumber": "renumbered", "insert": "inserted"}


class NoProcedureRules(DrafterError):
    """The edition has no rule file: drafter cannot say how a draft of it is adopted."""


# ---- the rules, as read from the edition's rule file ---------------------------------

@dataclass(frozen=True)
class Rule:
    """One thing the constitution says about adoption, and the provision that says it."""

    says: str
    cite: str
    count: int | None = None
    months: int | None = None

    def __str__(self) -> str:
        return f"{self.says.rstrip('.')} ({self.cite})."


@dataclass(frozen=True)
class Route:
    """A way the text may be changed: the instrument, who initiates it, votes, timetable, conditions."""

    id: str
    title: str
    instrument: str
    adoption: tuple[Rule, ...]
    initiators: tuple[Rule, ...]
    votes: tuple[Rule, ...]
    timetable: tuple[Rule, ...]
    conditions: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class ChangeClass:
    """A class of change (revision, addition) and the route that adopts it."""

    name: str
    description: str
    route: str
    cite: str


@dataclass(frozen=True)
class LimitRule:
    """A limit the constitution sets on one class of change, as the rule file states it."""

    id: str
    applies_to: str
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
class Rules:
    """An edition's adoption rules."""

    edition: str
    path: str
    classes: dict[str, ChangeClass]
    routes: dict[str, Route]
    limits: tuple[LimitRule, ...]
    mixed: tuple[Rule, ...] = ()


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
    rules, data, lines = _read_rules(str(path), path.stat().st_mtime)
    base = base or load_edition(edition)
    problems = _check_against(base, rules, data, lines)
    if problems:
        raise DrafterError(problems)
    return rules


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
    for cname, c in data["classes"].items():
        if c["route"] not in data["routes"]:
            problems.append(_at(name, lines, ("classes", cname, "route"),
                                f"no route {c['route']!r} (routes: {', '.join(data['routes'])})"))
    if problems:
        raise DrafterError(problems)

    def rules_of(items: list) -> tuple[Rule, ...]:
        return tuple(Rule(r["says"].strip(), r["cite"], r.get("count"), r.get("months")) for r in items)

    routes = {rid: Route(rid, r["title"], r["instrument"], rules_of(r["adoption"]), rules_of(r["initiators"]),
                         rules_of(r["votes"]), rules_of(r["timetable"]), rules_of(r.get("conditions", ())))
              for rid, r in data["routes"].items()}
    classes = {n: ChangeClass(n, c["description"], c["route"], c["cite"]) for n, c in data["classes"].items()}
    limits = tuple(LimitRule(
        id=lim["id"], applies_to=lim["applies_to"], severity=lim["severity"], cite=lim["cite"],
        message=" ".join(lim["message"].split()), match=lim.get("match", "location"),
        articles=tuple(lim.get("articles", ())), chapters=tuple(lim.get("chapters", ())),
        kinds=tuple(lim.get("kinds", ())), severity_by_kind=dict(lim.get("severity_by_kind", {})),
        message_by_kind={k: " ".join(v.split()) for k, v in lim.get("message_by_kind", {}).items()},
    ) for lim in data["limits"])
    rules = Rules(data["edition"], name, classes, routes, limits, rules_of(data.get("mixed", ())))
    return rules, data, lines


def _check_against(base: Constitution, rules: Rules, data: dict, lines: dict) -> list[Problem]:
    """Every citation in the rule file names a provision of `base` that holds the words expected."""
    name = rules.path
    problems = []
    if data["edition"] != base.edition.id:
        problems.append(_at(name, lines, ("edition",),
                            f"rules for edition {data['edition']!r}, but the text is {base.edition.id!r}"))

    def check(path: tuple, entry: dict) -> None:
        try:
            node = find(base, entry["cite"])
        except DrafterError as exc:
            problems.append(_at(name, lines, path + ("cite",), exc.problems[0].message))
            return
        expect = entry.get("expect")
        if expect and " ".join(expect.split()) not in " ".join(node.words().split()):
            problems.append(_at(name, lines, path + ("expect",),
                                f"{entry['cite']} does not say {expect!r}: was the rule written for another edition?"))

    for cname, c in data["classes"].items():
        check(("classes", cname), c)
    for rid, r in data["routes"].items():
        for key in ("adoption", "initiators", "votes", "timetable", "conditions"):
            for i, entry in enumerate(r.get(key, ())):
                check(("routes", rid, key, i), entry)
    for i, entry in enumerate(data.get("mixed", ())):
        check(("mixed", i), entry)
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
class Classified:
    """A change with its class and the provisions it touches (article and chapter numbers)."""

    change: Change
    cls: str
    provision: str  # citation: the base numbering for a revision, the new numbering for an addition
    articles: tuple[str, ...]
    chapters: tuple[str, ...]
    mentions: tuple[tuple[str, str], ...] = ()  # (citation, chapter) its new words cite


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


def classify(amendment: Amendment) -> list[Classified]:
    """Every change of an amendment as a revision of the text in force or an addition to it."""
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
    return out


# ---- the procedure ----------------------------------------------------------------------

@dataclass(frozen=True)
class Instrument:
    """One act the draft needs: its route and the changes it carries."""

    route: str
    title: str
    instrument: str
    carries: tuple[str, ...]  # classes of change: ("revision",), ("addition",)
    adoption: tuple[Rule, ...]
    initiators: tuple[Rule, ...]
    votes: tuple[Rule, ...]
    timetable: tuple[Rule, ...]
    conditions: tuple[Rule, ...]
    changes: tuple[Change, ...]
    provisions: tuple[str, ...]  # citations of the provisions changed, in order, once each

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.template for c in self.changes))


@dataclass(frozen=True)
class Limit:
    """A limit a change runs into, with the provision that sets it and where the edit is."""

    rule: str
    severity: str  # "hard" or "warning"
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
    """What one option of the draft needs: its routes, how many revisions and additions, its limits."""

    option: str
    routes: tuple[str, ...]
    revisions: int
    additions: int
    hard: int
    warnings: int


@dataclass(frozen=True)
class Procedure:
    """How a draft can be adopted: the instruments it needs and the limits it runs into."""

    edition: str
    rules_file: str
    options: tuple[str, ...]
    instruments: tuple[Instrument, ...]
    limits: tuple[Limit, ...]
    per_option: tuple[OptionRoute, ...]
    notes: tuple[Rule, ...]
    classified: tuple[Classified, ...]

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
    def split(self) -> bool:
        """True when the draft needs more than one instrument."""
        return len(self.instruments) > 1

    @property
    def adoptable(self) -> bool:
        return not self.hard


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _limits_of(item: Classified, rule: LimitRule, rules: Rules) -> Limit | None:
    change = item.change
    if rule.applies_to != item.cls or (rule.kinds and change.kind not in rule.kinds):
        return None
    if rule.match == "mentions":
        if set(item.chapters) & set(rule.chapters):
            return None  # located there: the location limit speaks
        hits = list(dict.fromkeys(c for c, ch in item.mentions if ch in rule.chapters))
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
    route = rules.classes[item.cls].route
    says = rule.message_for(change.kind).format(matched=matched, route=rules.routes[route].title)
    verb = VERBS.get(change.kind, change.kind)
    message = f"{item.provision} ({verb}; option {change.template}, edit {change.edit + 1}): {says}"
    return Limit(rule.id, rule.severity_for(change.kind), rule.cite, message, route, change, item.provision)


def procedure_for(amendment: Amendment, rules: Rules | None = None) -> Procedure:
    """The instruments an amendment needs, who initiates them, votes, timetable, and every limit it meets."""
    rules = rules or load_rules(base=amendment.base)
    items = classify(amendment)
    templates = {t.id: t for t in amendment.templates}

    # One instrument per route, in the order the rule file lists the routes.
    by_route: dict[str, list[Classified]] = {}
    for item in items:
        by_route.setdefault(rules.classes[item.cls].route, []).append(item)
    instruments = []
    for rid, route in rules.routes.items():
        carried = by_route.get(rid)
        if not carried:
            continue
        instruments.append(Instrument(
            rid, route.title, route.instrument, tuple(dict.fromkeys(i.cls for i in carried)),
            route.adoption, route.initiators, route.votes, route.timetable, route.conditions,
            tuple(i.change for i in carried), tuple(dict.fromkeys(i.provision for i in carried))))

    limits = []
    for item in items:
        for rule in rules.limits:
            lim = _limits_of(item, rule, rules)
            if lim is None:
                continue
            t = templates.get(item.change.template)
            if t is not None:
                loc = t.where("edits", item.change.edit)
                lim = replace(lim, file=loc.file, line=loc.line, path=loc.path)
            limits.append(lim)
    limits.sort(key=lambda lim: (lim.severity != HARD, amendment.options.index(lim.template)
                                 if lim.template in amendment.options else 0, lim.edit))

    per_option = []
    notes: list[Rule] = list(rules.mixed) if len(instruments) > 1 else []
    for option in amendment.options:
        mine = [i for i in items if i.change.template == option]
        routes = tuple(r for r in rules.routes if any(rules.classes[i.cls].route == r for i in mine))
        per_option.append(OptionRoute(
            option, routes, sum(i.cls == REVISION for i in mine), sum(i.cls == ADDITION for i in mine),
            sum(lim.template == option and lim.severity == HARD for lim in limits),
            sum(lim.template == option and lim.severity == WARNING for lim in limits)))
        renumbered = [i.provision for i in mine if i.cls == REVISION and i.change.kind == "renumber"]
        if renumbered and any(i.cls == ADDITION for i in mine):
            notes.append(Rule(
                f"Option {option} renumbers {_joined(list(dict.fromkeys(renumbered)))} to make room for a new "
                f"provision; renumbering changes the text in force, which needs the "
                f"{rules.routes[rules.classes[REVISION].route].title.lower()}. Appending the new provision "
                f"instead (no renumber) keeps it an addition.", rules.classes[REVISION].cite))
    return Procedure(amendment.base.edition.id, rules.path, tuple(amendment.options), tuple(instruments),
                     tuple(limits), tuple(per_option), tuple(notes), tuple(items))


def hard_limits(amendment: Amendment, rules: Rules | None = None) -> list[Problem]:
    """The hard limits an amendment runs into, as Problems at the template file, line and edit.

    What `drafter check` fails on. Raises `NoProcedureRules` when the edition has no rule file.
    """
    return [lim.problem() for lim in procedure_for(amendment, rules).hard]


# ---- output -----------------------------------------------------------------------------

MAX_LISTED = 8


def _listed(citations: tuple[str, ...]) -> str:
    shown = list(citations[:MAX_LISTED])
    more = len(citations) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more else "")


def _rules_line(rules: tuple[Rule, ...]) -> str:
    return " ".join(str(r) for r in rules)


def summary_lines(procedure: Procedure) -> list[str]:
    """A short report of the adoption route, for the terminal and the act's first page."""
    p = procedure
    out = [f"Adoption procedure ({p.edition}) for {', '.join(p.options) or 'no options'}"]
    if not p.instruments:
        out.append("No changes: nothing to adopt.")
        return out
    if p.split:
        out.append(f"{len(p.instruments)} instruments, adopted separately: "
                   + "; ".join(f"{i.instrument} ({' and '.join(c + 's' for c in i.carries)})" for i in p.instruments)
                   + ".")
    else:
        i = p.instruments[0]
        out.append(f"One instrument: {i.instrument} ({' and '.join(c + 's' for c in i.carries)}).")
    for n, i in enumerate(p.instruments, start=1):
        counts = ", ".join(_plural(sum(1 for c in p.classified if c.change in i.changes and c.cls == cls), cls)
                           for cls in i.carries)
        out.append(f"{n}. {i.title}: {counts}: {_listed(i.provisions)}.")
        out.append(f"   Adoption: {_rules_line(i.adoption)}")
        out.append(f"   Initiative: {_rules_line(i.initiators)}")
        out.append(f"   Votes: {_rules_line(i.votes)}")
        if i.timetable:
            out.append("   Timetable: " + " ".join(f"({k}) {r}" for k, r in enumerate(i.timetable, start=1)))
        for r in i.conditions:
            out.append(f"   Condition: {r}")
    if len(p.per_option) > 1 or p.split:
        out.append("Per option:")
        for o in p.per_option:
            what = ", ".join(s for s in (_plural(o.revisions, "revision") if o.revisions else "",
                                         _plural(o.additions, "addition") if o.additions else "") if s) or "no changes"
            titles = " + ".join(next(i.title for i in p.instruments if i.route == r) for r in o.routes)
            lims = f"; {_plural(o.hard, 'hard limit')}" if o.hard else ""
            out.append(f"   {o.option}: {what} -> {titles or 'nothing'}{lims}")
    if p.limits:
        out.append(f"Limits: {_plural(len(p.hard), 'hard limit')}, {_plural(len(p.warnings), 'warning')}.")
        for lim in p.limits:
            out.append(f"   {lim.severity.upper()} {lim.article}: {lim.message}")
    for note in p.notes:
        out.append(f"Note: {note}")
    if p.hard:
        out.append(f"Cannot be adopted as drafted: {_plural(len(p.hard), 'hard limit')} "
                   f"({', '.join(dict.fromkeys(lim.article for lim in p.hard))}).")
    else:
        rest = f", subject to {_plural(len(p.warnings), 'warning')} to check" if p.warnings else ""
        out.append(f"Adoptable by the route{'s' if p.split else ''} above{rest}.")
    return out


def _rule_json(r: Rule) -> dict:
    out = {"says": r.says, "cite": r.cite}
    if r.count is not None:
        out["count"] = r.count
    if r.months is not None:
        out["months"] = r.months
    return out


def _change_json(c: Classified, number: int) -> dict:
    """A classified change; `number` is its place in the amendment's change list, from 1 (as report.json
    numbers changes), and `edit` its edit's place in its template, from 1."""
    return {"number": number, "class": c.cls, "kind": c.change.kind, "citation": c.provision,
            "eId": c.change.eid, "base_eId": c.change.base_eid, "option": c.change.template,
            "edit": c.change.edit + 1, "articles": list(c.articles), "chapters": list(c.chapters)}


def to_json(procedure: Procedure) -> dict:
    """The procedure as plain data (for `--format json` and the draft's report.json)."""
    p = procedure
    by_change = {id(c.change): (c, n) for n, c in enumerate(p.classified, start=1)}
    return {
        "format": REPORT_FORMAT,
        "edition": p.edition,
        "rules": p.rules_file,
        "options": list(p.options),
        "routes": list(p.routes),
        "split": p.split,
        "adoptable": p.adoptable,
        "instruments": [{
            "route": i.route, "title": i.title, "instrument": i.instrument, "carries": list(i.carries),
            "options": list(i.options),
            "adoption": [_rule_json(r) for r in i.adoption],
            "initiators": [_rule_json(r) for r in i.initiators],
            "votes": [_rule_json(r) for r in i.votes],
            "timetable": [_rule_json(r) for r in i.timetable],
            "conditions": [_rule_json(r) for r in i.conditions],
            "changes": [_change_json(*by_change[id(c)]) for c in i.changes],
        } for i in p.instruments],
        "per_option": [{"option": o.option, "routes": list(o.routes), "revisions": o.revisions,
                        "additions": o.additions, "hard": o.hard, "warnings": o.warnings} for o in p.per_option],
        "limits": [{"severity": lim.severity, "rule": lim.rule, "cite": lim.article, "message": lim.message,
                    "route": lim.route, "citation": lim.provision, "kind": lim.change.kind,
                    "option": lim.template, "edit": lim.edit + 1, "file": lim.file, "line": lim.line,
                    "path": lim.path} for lim in p.limits],
        "notes": [_rule_json(r) for r in p.notes],
    }


__all__ = [
    "ADDITION", "REVISION", "HARD", "WARNING", "Classified", "Instrument", "Limit", "NoProcedureRules",
    "OptionRoute", "Procedure", "Rule", "Rules", "classify", "hard_limits", "load_rules", "procedure_for",
    "rules_path", "summary_lines", "to_json",
]
