"""The limits a change meets on a route: the classes of change a route may carry, Article 156 V, and the
rule file's limits (Articles 155 and 158 in the embedded edition), each a `Limit` naming the change, its
template's edit, and the provision that sets it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..address import joined, several
from ..amend import Amendment, Change
from ..errors import Problem
from .classify import Classified
from .rules import HARD, WARNING, LimitRule, Rules

#: How the report names what a change does to a provision.
VERBS = {"substitute": "words substituted", "replace": "reworded", "repeal": "repealed",
         "renumber": "renumbered", "insert": "inserted"}


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


def named(change: Change, provision: str) -> str:
    """A change as messages name it: "Article 145-1 (inserted; option consociational-veto, edit 1)"."""
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
        matched = joined(hits)
    elif rule.match == "derogates":
        hits = list(dict.fromkeys(d.provision for d in item.derogates
                                  if set(d.articles) & set(rule.articles) or set(d.chapters) & set(rule.chapters)))
        if not hits:
            return None
        matched = joined(hits)
    else:
        arts = [a for a in item.articles if a in rule.articles]
        chs = [c for c in item.chapters if c in rule.chapters]
        if not arts and not chs:
            return None
        matched = several("article", arts) if arts else several("chapter", chs)
    says = rule.message_for(change.kind).format(matched=matched, route=rules.routes[rule.route].title)
    return Limit(rule.id, rule.severity_for(change.kind), rule.cite, f"{named(change, item.provision)}: {says}",
                 rule.route, change, item.provision)


def route_limits(item: Classified, rid: str, rules: Rules) -> list[Limit]:
    """Every limit a change meets on one route: the class's routes, Article 156 V by substance, the rules."""
    out = []
    change, cls = item.change, rules.classes[item.cls]
    if rid not in cls.routes:
        others = " or ".join(rules.routes[r].by for r in cls.routes)
        out.append(Limit(f"{item.cls}-route", HARD, cls.cite,
                         f"{named(change, item.provision)}: a {item.cls} of the text in force, which {cls.cite} "
                         f"reserves to adoption {others}: it cannot go {rules.routes[rid].by}", rid, change,
                         item.provision))
    for d in item.derogates:
        how = f"declared: {d.reason}" if d.declared else f"not declared; found in {d.reason}"
        if rid == rules.derogation.bars:
            out.append(Limit("derogation" if d.declared else "derogation-found", HARD, rules.derogation.cite,
                             f"{named(change, item.provision)}: derogates from {d.provision} ({how}); "
                             f"a Constitutional Law must not contradict the main text: only a referendum can "
                             f"adopt it", rid, change, item.provision))
        if not d.declared:
            out.append(Limit("undeclared-derogation", WARNING, rules.derogation.cite,
                             f"{named(change, item.provision)}: may derogate from {d.provision} ({d.reason}); "
                             f"a Constitutional Law cannot carry a derogation, so the draft is referendum-only: "
                             f"declare it in the edit's derogates: or redraft", rid, change, item.provision))
    for rule in rules.limits:
        if rule.route == rid:
            lim = _limit_of(item, rule, rules)
            if lim is not None:
                out.append(lim)
    return out


def located(limits: list[Limit], amendment: Amendment) -> list[Limit]:
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
