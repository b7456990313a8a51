"""Which procedure adopts a draft: the route it takes, its one instrument, the routes closed to it and why.

A draft goes as one instrument. A draft that changes any existing text is
one Referendum Act carrying its additions too (Article 3, part II, item 1;
Article 152; the referendums of 2002, 2009 and 2016). A draft of additions
only may go by Constitutional Law or by referendum; the rules say which is
recommended. Article 158 closes the Constitutional Law route only; Article
155 closes the referendum. A new provision that derogates from the main text,
declared by its template (``derogates:``) or found in its words, cannot be
carried by a Constitutional Law (Article 156, part V): the draft is then
referendum-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..address import joined
from ..amend import Amendment, Change
from ..errors import DrafterError, Problem
from .classify import ADDITION, REVISION, Classified, classify
from .derogation import Derogated
from .limits import Limit, located, route_limits
from .rules import HARD, WARNING, Rule, Rules, Step, load_rules


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


def _open(items: list[Classified], by_route: dict[str, list[Limit]], rules: Rules) -> tuple[str, ...]:
    ids = {id(i.change) for i in items}
    return tuple(rid for rid in rules.routes
                 if not any(lim.severity == HARD and id(lim.change) in ids for lim in by_route[rid]))


def procedure_for(amendment: Amendment, rules: Rules | None = None, route: str | None = None) -> Procedure:
    """The route a draft takes, its one instrument, the routes closed to it and why, and every limit.

    `route` forces a route (``--route``); when a hard limit closes it, the
    procedure says so (`hard`), each limit naming the provision and the
    article that forbid it. `rules`: the edition's, read when not given (a
    command that makes several procedures reads them once and passes them).
    Raises `DrafterError` for a route the rules do not know, or a declared
    derogation from a provision that does not exist.
    """
    rules = rules or load_rules(base=amendment.base)
    if route is not None and route not in rules.routes:
        raise DrafterError(Problem(f"--route {route!r}: no such route (routes: {', '.join(rules.routes)})"))
    items = classify(amendment, rules)
    by_route = {rid: located([lim for item in items for lim in route_limits(item, rid, rules)], amendment)
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
                f"Option {option} renumbers {joined(list(dict.fromkeys(renumbered)))} to make room for a new "
                f"provision; renumbering changes the text in force, which only a referendum may do. Appending "
                f"the new provision instead (no renumber) keeps it an addition, open to a Constitutional Law.",
                rules.classes[REVISION].cite))
    return Procedure(amendment.base.edition.id, rules.path, tuple(amendment.options), chosen, route is not None,
                     open_routes, recommended, tuple(reasons), instruments, limits, closed, tuple(per_option),
                     tuple(notes), tuple(items), {rid: r.title for rid, r in rules.routes.items()},
                     tuple(dict.fromkeys([lim.cite for lim in rules.limits] + [rules.derogation.cite])))
