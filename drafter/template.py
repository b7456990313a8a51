"""Amendment templates: YAML or JSON files -> `Template` with typed edits.

Loading checks everything a template author can get wrong before anything
runs: YAML syntax, the JSON Schema (every error, each with file, line and the
path inside the template), parameters. The edits themselves are a tiny set
of drafting nouns, `Substitute`, `Replace`, `Insert`, `Repeal`, that the
engine (`drafter.amend`) applies.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DrafterError, Problem
from .fileio import NOT_XML, not_xml, parse_document, read_text
from .load import project_dir
from .schemas import error_message, line_at, locate, passed, remember_passed, schema, schema_problems

if TYPE_CHECKING:
    import jsonschema

MAX_TEMPLATE_BYTES = 2_000_000


# ---- the edits -------------------------------------------------------------------

@dataclass(frozen=True)
class Derogation:
    """An existing provision an edit's new text disapplies, limits or makes an exception to.

    Article 156, part V: additions by Constitutional Law must not contradict the main text, so an
    edit that derogates can only be adopted by referendum.
    """

    provision: str
    reason: str


@dataclass(frozen=True)
class Substitute:
    """Words in a provision's own text (or heading) replaced by other words."""

    target: str
    find: str
    with_: str
    rationale: str
    occurrence: int | None = None
    field: str = "text"
    derogates: tuple[Derogation, ...] = ()
    question: str | None = None  # the ballot question that carries the edit (a key of the template's questions)


@dataclass(frozen=True)
class Replace:
    """A provision given a new wording (`new` holds heading/text/children)."""

    target: str
    expect: str
    new: dict
    rationale: str
    derogates: tuple[Derogation, ...] = ()
    question: str | None = None  # the ballot question that carries the edit (a key of the template's questions)


@dataclass(frozen=True)
class Insert:
    """A new provision placed after or before a sibling, or at the end of a container."""

    provision: dict
    rationale: str
    after: str | None = None
    before: str | None = None
    into: str | None = None
    expect: str | None = None
    renumber: bool = False
    derogates: tuple[Derogation, ...] = ()
    question: str | None = None  # the ballot question that carries the edit (a key of the template's questions)

    @property
    def anchor(self) -> str:
        return self.after or self.before or self.into or ""

    @property
    def position(self) -> str:
        return "after" if self.after else "before" if self.before else "into"


@dataclass(frozen=True)
class Repeal:
    """A provision repealed; its number is never reused."""

    target: str
    expect: str
    rationale: str
    derogates: tuple[Derogation, ...] = ()
    question: str | None = None  # the ballot question that carries the edit (a key of the template's questions)


Edit = Substitute | Replace | Insert | Repeal


@dataclass(frozen=True)
class Template:
    """One policy option as an ordered list of edits."""

    id: str
    title: str
    option: str
    kind: str
    edition: str
    author: str
    rationale: str
    argument: str
    edits: tuple[Edit, ...]
    excludes: tuple[str, ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    #: {"defines": citation} or {"relies": True}: see `territory_problems`
    territory: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)
    questions: dict[str, str] = field(default_factory=dict)  # ballot question id -> text
    #: For each edit, its place in the file's `edits` (they differ when a `when` left edits out).
    sources: tuple[int, ...] = ()

    def where(self, *path: Any) -> Problem:
        """A problem locator for `path` inside this template (file, line, JSON path)."""
        return locate(self.path, self.lines, tuple(path))

    def line_of(self, *path: Any) -> int | None:
        return line_at(self.lines, tuple(path))


# ---- loading --------------------------------------------------------------------

@lru_cache(maxsize=None)
def _validator() -> jsonschema.Draft202012Validator:
    # One validator for every template of a run: it resolves the schema's $refs once. jsonschema
    # is imported here, when a template is first checked, not when drafter starts.
    import jsonschema

    return jsonschema.Draft202012Validator(schema("template"))


def _schema_problems(data: Any, name: str, lines: dict[tuple, int]) -> list[Problem]:
    """Every schema error, each at its path; an edit's errors judged against its own `op`."""
    validator = _validator()

    def explain(error: jsonschema.ValidationError) -> list[Problem] | None:
        path = tuple(error.absolute_path)
        if error.validator == "oneOf" and len(path) == 2 and path[0] == "edits" and isinstance(error.instance, dict):
            return _edit_problems(error.instance, path, name, lines, validator.schema)
        return None

    return schema_problems(validator, data, name, lines, explain)


def _edit_problems(edit: dict, path: tuple, name: str, lines: dict, full: dict) -> list[Problem]:
    op = edit.get("op")
    if op not in ("substitute", "replace", "insert", "repeal"):
        return []  # the `op` enum error is reported on its own
    sub = {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": f"#/$defs/{op}"}
    out = []
    for e in type(_validator())(sub).iter_errors(edit):
        if e.validator == "oneOf" and op == "insert" and not e.absolute_path:
            given = [k for k in ("after", "before", "into") if k in edit]
            msg = ("an insert needs exactly one of 'after', 'before' or 'into'"
                   + (f" (it has {', '.join(given)})" if given else ""))
            out.append(locate(name, lines, path, msg))
            continue
        out.append(locate(name, lines, path + tuple(e.absolute_path), error_message(e)))
    return out


def _unwritable(data: Any, name: str, lines: dict) -> list[Problem]:
    """A problem at the path of every key or string holding a character XML forbids."""
    out = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            bad = NOT_XML.search(value)
            if bad:
                out.append(locate(name, lines, path, not_xml(bad.group())))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                bad = NOT_XML.search(key) if isinstance(key, str) else None
                if bad:
                    out.append(locate(name, lines, path, f"a key {not_xml(bad.group())}"))
                stack.append((item, path + (key,)))
        elif isinstance(value, list):
            stack.extend((item, path + (i,)) for i, item in reversed(list(enumerate(value))))
    return out


_PARAM = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _fill(value: Any, params: dict[str, Any], path: tuple, name: str, lines: dict, problems: list) -> Any:
    if isinstance(value, str):
        def sub(m: re.Match) -> str:
            key = m.group(1)
            if key not in params:
                known = ", ".join(sorted(params)) or "none declared"
                problems.append(locate(name, lines, path, f"unknown parameter {{{{{key}}}}} (parameters: {known})"))
                return m.group(0)
            return str(params[key])
        return _PARAM.sub(sub, value)
    if isinstance(value, dict):
        return {k: _fill(v, params, path + (k,), name, lines, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, params, path + (i,), name, lines, problems) for i, v in enumerate(value)]
    return value


def _edit(data: dict) -> Edit:
    op = data["op"]
    derogates = tuple(Derogation(d["provision"], d["reason"].strip()) for d in data.get("derogates", ()))
    question = data.get("question")
    if op == "substitute":
        return Substitute(data["target"], data["find"], data["with"], data["rationale"].strip(),
                          data.get("occurrence"), data.get("field", "text"), derogates, question)
    if op == "replace":
        return Replace(data["target"], data["expect"], data["new"], data["rationale"].strip(), derogates, question)
    if op == "insert":
        return Insert(data["provision"], data["rationale"].strip(), data.get("after"), data.get("before"),
                      data.get("into"), data.get("expect"), bool(data.get("renumber", False)), derogates, question)
    return Repeal(data["target"], data["expect"], data["rationale"].strip(), derogates, question)


def _parameter_problem(spec: dict, value: Any) -> str | None:
    """Why a parameter value is not allowed (None if it is): type, range, pattern, choices.

    An empty value is never allowed: it would leave a hole in the text ("the  Autonomous Republic").
    """
    if not str(value).strip():
        return "is empty"
    if isinstance(spec["default"], int):
        try:
            number = int(str(value).strip())
        except ValueError:
            return "is not a whole number"
        if "minimum" in spec and number < spec["minimum"]:
            return f"is below the minimum {spec['minimum']}"
        if "maximum" in spec and number > spec["maximum"]:
            return f"is above the maximum {spec['maximum']}"
        value = number
    if "choices" in spec and value not in spec["choices"] and str(value) not in map(str, spec["choices"]):
        return f"is not one of {', '.join(map(repr, spec['choices']))}"
    if "pattern" in spec:
        try:
            if not _fullmatch(spec["pattern"], str(value)):
                return f"does not match the pattern {spec['pattern']!r}"
        except re.error as exc:
            return f"cannot be checked: the pattern {spec['pattern']!r} is not a regular expression ({exc})"
        except TimeoutError:
            return (f"cannot be checked: the pattern {spec['pattern']!r} takes over {PATTERN_SECONDS} s to match "
                    f"(nested repetition such as '(a+)+' backtracks without end); simplify the pattern")
    return None


def _chosen_edits(edits: list, specs: dict, values: dict, name: str, lines: dict,
                  problems: list) -> tuple[list, dict[tuple, int]]:
    """The edits whose `when` the parameter values meet, and the line map renumbered to match.

    A choice with text of its own (the paper's literal wording, with the derogation it needs) is an
    edit with `when`; the edits left out leave no trace in the draft.
    """
    chosen, moved = [], {}
    for i, edit in enumerate(edits):
        when = edit.get("when", {})
        for key, value in when.items():
            if key not in specs:
                problems.append(locate(name, lines, ("edits", i, "when", key),
                                        f"unknown parameter {key!r} (parameters: {', '.join(sorted(values)) or 'none declared'})"))
            elif why := _parameter_problem(specs[key], value):
                problems.append(locate(name, lines, ("edits", i, "when", key),
                                        f"parameter {key!r}: {value!r} {why}, so the edit could never apply"))
        if all(str(values.get(k)) == str(v) for k, v in when.items()):
            moved[i] = len(chosen)
            chosen.append(edit)
    if len(chosen) == len(edits):
        return chosen, lines
    out = {}
    for path, line in lines.items():
        if len(path) > 1 and path[0] == "edits":
            if path[1] in moved:
                out[("edits", moved[path[1]]) + path[2:]] = line
        else:
            out[path] = line
    return chosen, out


def _question_problems(data: dict, name: str, lines: dict) -> list[Problem]:
    """Every edit's `question` is a key of `questions`, and every question carries an edit."""
    declared = data.get("questions", {})
    used = set()
    problems = []
    for i, edit in enumerate(data["edits"]):
        q = edit.get("question")
        if q is None:
            continue
        used.add(q)
        if q not in declared:
            problems.append(locate(name, lines, ("edits", i, "question"),
                                    f"no question {q!r} (questions: {', '.join(declared) or 'none declared'})"))
    for q in declared:
        if q not in used:
            problems.append(locate(name, lines, ("questions", q), f"question {q!r} carries no edit"))
    return problems


#: A template's own `pattern` is a regular expression anyone may write; Python's backtracking matcher
#: can take forever on some ('(a+)+$'), so each match gets this long.
PATTERN_SECONDS = 0.5


def _fullmatch(pattern: str, value: str) -> bool:
    """`re.fullmatch` within PATTERN_SECONDS; TimeoutError past it.

    In the main thread an interval timer interrupts the matcher (it checks
    for signals as it runs); elsewhere the match runs in a child process.
    """
    compiled = re.compile(pattern)
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _fullmatch_apart(pattern, value)

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        started = time.monotonic()
        pending, interval = signal.setitimer(signal.ITIMER_REAL, PATTERN_SECONDS)
        try:
            return compiled.fullmatch(value) is not None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
        if pending:  # a timer the caller had set runs on (never 0: that would stop it)
            signal.setitimer(signal.ITIMER_REAL, max(pending - (time.monotonic() - started), 0.001), interval)


def _fullmatch_apart(pattern: str, value: str) -> bool:
    import subprocess  # here: rarely needed, and loading templates starts faster without it

    code = "import re, sys; sys.exit(0 if re.fullmatch(sys.argv[1], sys.argv[2]) else 3)"
    try:
        proc = subprocess.run([sys.executable, "-I", "-c", code, pattern, value], capture_output=True,
                              timeout=PATTERN_SECONDS + 5)  # + the start-up of the interpreter
    except subprocess.TimeoutExpired:
        raise TimeoutError
    return proc.returncode == 0


def template_from_text(text: str, name: str, params: dict[str, str] | None = None) -> Template:
    """A template from its text; every problem in it reported at once, with file, line and path."""
    data, lines = parse_document(text, name)
    if not isinstance(data, dict):
        raise DrafterError(Problem("a template is a mapping (id, title, ..., edits)", file=name, line=1))
    problems = _unwritable(data, name, lines)
    content = text.encode("utf-8")  # parse_document refused any lone surrogate
    if not passed("template", content):  # the data is the text's: a text that passed passes again
        found = _schema_problems(data, name, lines)
        if not found:
            remember_passed("template", content)
        problems += found
    if problems:
        raise DrafterError(problems)
    declared = {k: v["default"] for k, v in data.get("parameters", {}).items()}
    # Values given for parameters this template does not declare are for
    # other templates of the same run (see `load_options`).
    given = {k: v for k, v in (params or {}).items() if k in declared}
    for key, value in given.items():
        bad = NOT_XML.search(str(value))
        if bad:
            problems.append(Problem(f"parameter {key!r} given on the command line: {not_xml(bad.group())}",
                                    file=name))
    for key, spec in data.get("parameters", {}).items():
        for value, source in ((spec["default"], "default"), (given.get(key), "-p")):
            why = None if value is None else _parameter_problem(spec, value)
            if why:
                where = "its default" if source == "default" else "the value given with -p"
                problems.append(locate(name, lines, ("parameters", key), f"parameter {key!r}: {where} {value!r} {why}"))
    if problems:
        raise DrafterError(problems)
    values = {**declared, **{k: (int(v) if isinstance(declared[k], int) else v) for k, v in given.items()}}
    problems.extend(_question_problems(data, name, lines))
    chosen, lines = _chosen_edits(data["edits"], data.get("parameters", {}), values, name, lines, problems)
    edits = _fill(chosen, values, ("edits",), name, lines, problems)
    questions = {k: " ".join(v.split()) for k, v in
                 _fill(data.get("questions", {}), values, ("questions",), name, lines, problems).items()}
    if problems:
        raise DrafterError(problems)
    requires = tuple((r,) if isinstance(r, str) else tuple(r) for r in data.get("requires", ()))
    chosen_ids = {id(e) for e in chosen}
    return Template(
        id=data["id"], title=data["title"], option=data["option"], kind=data["kind"],
        edition=data["edition"], author=data["author"], rationale=data["rationale"].strip(),
        argument=data["argument"].strip(), edits=tuple(_edit(e) for e in edits),
        excludes=tuple(data.get("excludes", ())), requires=requires, parameters=values,
        territory=dict(data.get("territory", {})), path=name, lines=lines, questions=questions,
        sources=tuple(i for i, e in enumerate(data["edits"]) if id(e) in chosen_ids),
    )


def load_template(path: Path, params: dict[str, str] | None = None) -> Template:
    """The template in a file (YAML, or JSON by its .json suffix)."""
    return template_from_text(read_text(Path(path), "a template", MAX_TEMPLATE_BYTES), str(path), params)


def templates_dir() -> Path:
    return project_dir("templates")


def available() -> dict[str, Path]:
    """Template files of the project by option id (the file's stem)."""
    folder = templates_dir()
    found = {}
    for p in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) + sorted(folder.glob("*.json")):
        found.setdefault(p.stem, p)
    return found


def resolve_option(name: str) -> Path:
    """The template file an option names: an id from templates/ or a path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml", ".json") or path.exists():
        if not path.exists():
            raise DrafterError(Problem("no such template file", file=name))
        return path
    found = available()
    if name in found:
        return found[name]
    if not templates_dir().is_dir():
        raise DrafterError(Problem(f"no option {name!r}: there is no templates folder {templates_dir()} "
                                   f"(set DRAFTER_HOME to the project folder, or give a template file)"))
    raise DrafterError(Problem(f"no option {name!r} (options: {', '.join(found) or 'none'})"))


def load_options(names: list[str], params: dict[str, str] | None = None) -> list[Template]:
    """The templates named on a command line, by option id or path, problems from all at once."""
    out, problems = [], []
    for name in names:
        try:
            out.append(load_template(resolve_option(name), params))
        except DrafterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DrafterError(problems)
    for key in params or {}:
        if not any(key in t.parameters for t in out):
            known = ", ".join(sorted({k for t in out for k in t.parameters})) or "none"
            problems.append(Problem(f"no template given declares parameter {key!r} (parameters: {known})"))
    if problems:
        raise DrafterError(problems)
    return out
