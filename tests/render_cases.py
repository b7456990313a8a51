"""What the render and draft tests share: the test template, the real-template cases, random edit lists,
and the documents of one case rendered to bytes."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest

from drafter.amend import Amendment, apply_options, apply_templates
from drafter.errors import DrafterError
from drafter.load import load_edition
from drafter.model import Constitution
from drafter.address import citation_of
from drafter.plan import scope_units
from drafter.render import render_act, render_amended, render_redline, render_synoptic
from drafter.template import Insert, Repeal, Replace, Substitute, Template, available, load_template

DATA = Path(__file__).resolve().parent / "render_data"
TEST_TEMPLATE = DATA / "test-a.yaml"
DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
BASE = load_edition()


def linker(constitution: Constitution):
    try:
        from drafter.xref import links
    except ImportError:
        return None
    return lambda eid, text: links(constitution, eid, text)


def part(docx: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(BytesIO(docx)) as z:
        return z.read(name)


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


@dataclass
class Rendered:
    """The documents of one case: the redline, the consolidated text, the current text of the same scope."""

    amendment: Amendment
    units: frozenset[str] | None
    redline: bytes
    amended: bytes
    current: bytes

    def act(self) -> bytes:
        """The act in the form its route of adoption gives it."""
        from drafter.draft import act_frame
        from drafter.procedure import procedure_for

        return render_act(self.amendment, date=DATE, frame=act_frame(procedure_for(self.amendment)))

    def synoptic(self) -> bytes:
        return render_synoptic([self.amendment], date=DATE)


def render_case(amendment: Amendment, scope: str = "affected") -> Rendered:
    units = scope_units(amendment, scope)
    links = linker(amendment.amended)
    unchanged = apply_templates(amendment.base, [])
    return Rendered(
        amendment, units,
        render_redline(amendment, units=units, date=DATE, links=links, current_links=linker(amendment.base)),
        render_amended(amendment, units=units, date=DATE, links=links),
        render_amended(unchanged, units=units, date=DATE, links=linker(unchanged.amended)),
    )


# ---- the real templates ------------------------------------------------------------------

def _satisfied(t: Template, chosen: set[str]) -> bool:
    return all(set(need) & chosen for need in t.requires)


def _compatible(t: Template, others: list[Template]) -> bool:
    return not any(o.id in t.excludes or t.id in o.excludes for o in others)


def template_cases() -> list:
    """pytest params: every template of templates/ alone (an add-on with an alternative it requires),
    and one alternative with every add-on it admits. A template that does not load is a case that
    skips with its message."""
    cases = []
    loaded: dict[str, Template] = {}
    for name, path in available().items():
        try:
            loaded[name] = load_template(path)
        except DrafterError as exc:
            cases.append(pytest.param([name], id=name))
            del exc
    alternatives = [t for t in loaded.values() if t.kind == "alternative"]
    addons = [t for t in loaded.values() if t.kind != "alternative"]
    for t in alternatives:
        cases.append(pytest.param([t.id], id=t.id))
    for t in addons:
        partner = next((a for a in alternatives if _satisfied(t, {a.id, t.id}) and _compatible(t, [a])), None)
        names = [partner.id, t.id] if partner else [t.id]
        cases.append(pytest.param(names, id="+".join(names)))
    best: list[Template] = []
    for alt in alternatives:
        chosen = [alt]
        for t in addons:
            if _satisfied(t, {c.id for c in chosen} | {t.id}) and _compatible(t, chosen):
                chosen.append(t)
        if len(chosen) > len(best):
            best = chosen
    if len(best) > 1:
        names = [t.id for t in best]
        cases.append(pytest.param(names, id="combined:" + "+".join(names)))
    return cases


def apply_or_skip(names: list[str]) -> Amendment:
    try:
        return apply_options(names)
    except DrafterError as exc:
        pytest.skip(f"{' + '.join(names)} does not apply: {exc}")


# ---- random edit lists -------------------------------------------------------------------

WORDS = ("region", "council", "nine", "eleven", "autonomous", "members", "the", "law", "of", "shall",
         "Naxçıvan", "Qarabağ", "«self-government»", '"municipal"', "(local)", "—", "state;", "rights,",
         "Ağdərə’s", "İsmayıllı", "ЗАКОН", "intergovernmentalisation", "a" * 60, "co-operation:",
         "1995-2009", "§", "etc.")


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _sentence(rng: random.Random, n: int, end: str = ".") -> str:
    return _phrase(rng, n).rstrip(".;:,") + end


def _words_of(text: str, rng: random.Random) -> str:
    """One to three whole words of `text`, without the punctuation around them: what a template would find."""
    words = text.split()
    i = rng.randrange(len(words))
    j = min(len(words), i + rng.randint(1, 3))
    return " ".join(words[i:j]).strip(".,;:()\"«»") or words[i]


def _opening(text: str) -> str:
    """The first words of `text` without punctuation at their ends: what an edit expects to find there."""
    return " ".join(text.split()[:3]).strip(".,;:()\"«»") or text.split()[0]


def _worded(rng: random.Random, find: str) -> str:
    """What a drafter does to words: replace them, delete them, add words after or before them,
    change their punctuation, or put a name in a list next to them."""
    shape = rng.choice(("replace", "delete", "after", "before", "comma", "name"))
    if shape == "delete":
        return ""
    if shape == "after":
        return f"{find} {_phrase(rng, rng.randint(1, 3))}"
    if shape == "before":
        return f"{_phrase(rng, rng.randint(1, 2))} {find}"
    if shape == "comma":
        return f"{find}, {_phrase(rng, 2)},"
    if shape == "name":
        return f"{find}, the Ali Majlis of the Nagorno-Karabakh Autonomous Republic and"
    return _phrase(rng, rng.randint(1, 3))


def random_templates(rng: random.Random, base: Constitution = BASE, n_edits: int | None = None,
                     wording: bool = False) -> list[Template]:
    """One or two templates of random edits on base provisions: substitutions (punctuation, quotes,
    Unicode, long words), new wordings with parts or items, insertions at the end or in the middle with
    renumbering, repeals, new articles and new chapters.

    With `wording`, substitutions also delete words, add words before or after others, change
    punctuation and extend names (the shapes the amending act must state), some in an article's
    heading, and a provision may have several substitutions."""
    worded = [p for p in base.walk() if p.kind in ("part", "item") and p.text and len(p.text.split()) > 3]
    articles = [p for p in base.walk() if p.kind == "article"]
    chapters = [p for p in base.walk() if p.kind == "chapter"]
    if rng.random() < 0.7:  # edits crowded into a few articles, so that they meet: renumbering, nesting
        chosen = {a.eid for a in rng.sample(articles, rng.randint(1, 3))}
        near = [p for p in worded if p.eid.split("__")[0] in chosen]
        if near:
            worded, articles = near, [a for a in articles if a.eid in chosen]
    n_edits = n_edits or rng.randint(1, 6)
    used: set[str] = set()
    edits: list = []
    for _ in range(n_edits):
        op = rng.choice(("substitute", "substitute", "insert", "insert", "repeal", "replace", "replace",
                         "article", "chapter"))
        node = rng.choice(worded)
        if node.eid in used:
            continue
        cite = citation_of(node.eid)
        if op == "substitute":
            field = "text"
            if wording and rng.random() < 0.2:  # the heading of the article the provision is in
                node = base.get(node.eid.split("__")[0])
                cite, field = citation_of(node.eid), "heading"
                if not node.heading or node.eid in used:
                    continue
            words = node.text if field == "text" else node.heading
            find = _words_of(words, rng)
            occurrence = 1 if words.count(find) > 1 else None
            replacement = _worded(rng, find) if wording else _phrase(rng, rng.randint(1, 3))
            edits.append(Substitute(cite, find, replacement, "random words", occurrence, field))
            if not wording or rng.random() < 0.5:
                used.add(node.eid)
        elif op == "replace":
            new: dict = {"text": _sentence(rng, 6)}
            if node.kind == "part" and rng.random() < 0.5:  # a new wording with items, ending with ":"
                new = {"text": _sentence(rng, 5, ":"),
                       "items": [_sentence(rng, 4, ";") for _ in range(rng.randint(1, 3))]}
            edits.append(Replace(cite, _opening(node.text), new, "reworded"))
            used.add(node.eid)
        elif op == "repeal":
            edits.append(Repeal(cite, _opening(node.text), "repealed"))
            used.add(node.eid)
        elif op == "article":
            article = rng.choice(articles)
            parts = [_sentence(rng, 6) for _ in range(rng.randint(1, 2))]
            edits.append(Insert({"kind": "article", "heading": _sentence(rng, 3, ""), "parts": parts},
                                "new article", after=citation_of(article.eid)))
        elif op == "chapter":
            chapter = rng.choice(chapters)
            body = [{"heading": _sentence(rng, 3, ""), "parts": [_sentence(rng, 5)]}
                    for _ in range(rng.randint(1, 2))]
            edits.append(Insert({"kind": "chapter", "heading": _sentence(rng, 3, ""), "articles": body},
                                "new chapter", after=citation_of(chapter.eid)))
        else:
            where = rng.choice(("into-article", "into-part", "before"))
            if where == "into-article":
                article = rng.choice(articles)
                if not any(k.kind == "part" for k in article.children):
                    continue
                edits.append(Insert({"kind": "part", "text": _sentence(rng, 5)}, "new part",
                                    into=citation_of(article.eid)))
            elif where == "into-part" and node.kind == "part":
                edits.append(Insert({"kind": "item", "text": _sentence(rng, 4, ";")}, "new item",
                                    into=cite))
            else:
                edits.append(Insert({"kind": node.kind, "text": _sentence(rng, 5)}, "new, renumbering",
                                    before=cite, renumber=True))
    if not edits:
        edits.append(Substitute(citation_of(worded[0].eid), worded[0].text.split()[0], "Altered", "one word"))
    split = rng.randint(0, len(edits)) if len(edits) > 1 and rng.random() < 0.5 else len(edits)
    out = [_template("random-a", "alternative", "A9", edits[:split])]
    if edits[split:]:
        out.append(_template("random-b", "add-on", "B9", edits[split:]))
    return [t for t in out if t.edits]


def random_amendments(seed: int, count: int) -> list[tuple[int, Amendment]]:
    """`count` random edit lists that apply, with the seed of each: the generator's templates for the judges."""
    out: list[tuple[int, Amendment]] = []
    k = 0
    while len(out) < count:
        rng = random.Random(seed * 100_000 + k)
        try:
            out.append((seed * 100_000 + k, apply_templates(BASE, random_templates(rng))))
        except DrafterError:
            pass
        k += 1
    return out


def _template(tid: str, kind: str, option: str, edits: list) -> Template:
    return Template(id=tid, title=f"Random {tid}", option=option, kind=kind, edition=BASE.edition.id,
                    author="hypothesis", rationale="random edits", argument="random edits", edits=tuple(edits),
                    path=f"{tid}.yaml")
