"""Amendment templates: YAML or JSON files -> `Template` with typed edits.

Loading checks everything a template author can get wrong before anything
runs: YAML syntax, the JSON Schema (every error, each with file, line and the
path inside the template), parameters. The edits themselves are a tiny set
of drafting nouns, `Substitute`, `Replace`, `Insert`, `Repeal`, that the
engine (`drafter.amend`) applies.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import DrafterError, Problem
from .fileio import decode_utf8, read_limited
from .load import project_dir
from .schemas import schema

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


@dataclass(frozen=True)
class Replace:
    """A provision given a new wording (`new` holds heading/text/children)."""

    target: str
    expect: str
    new: dict
    rationale: str
    derogates: tuple[Derogation, ...] = ()


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
    path: str = ""
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)

    def where(self, *path: Any) -> Problem:
        """A problem locator for `path` inside this template (file, line, JSON path)."""
        return _locate(self.path, self.lines, tuple(path))

    def line_of(self, *path: Any) -> int | None:
        return _line(self.lines, tuple(path))


# ---- loading --------------------------------------------------------------------

#: libyaml's loader where PyYAML has it (several times faster, and it bounds nesting at 1000 levels);
#: the pure-Python one otherwise. Both give nodes with line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values a template may hold once YAML aliases are expanded: far above any real template, far below
#: what an alias bomb ("billion laughs") asks for.
MAX_VALUES = 200_000


def _expanded_size(root: yaml.Node, name: str) -> tuple[int, int]:
    """How many values `root` holds as written and with every alias expanded, counted without expanding them."""
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, yaml.MappingNode):
            kids = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            kids = list(node.value)
        else:
            kids = []
        if done:
            open_.discard(id(node))
            size[id(node)] = min(1 + sum(size[id(k)] for k in kids), MAX_VALUES + 1)
            continue
        if id(node) in size:
            continue
        if id(node) in open_:
            raise DrafterError(Problem("a YAML alias refers to the value that contains it", file=name,
                                       line=node.start_mark.line + 1))
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in reversed(kids) if id(k) not in size)
    return len(size), size[id(root)]


def _compose_lines(root: yaml.Node) -> dict[tuple, int]:
    """The line of every path: a mapping value's is its key's, a sequence item's its own."""
    lines: dict[tuple, int] = {}
    stack: list[tuple[yaml.Node, tuple, int]] = [(root, (), root.start_mark.line + 1)]
    while stack:
        node, path, line = stack.pop()
        lines[path] = line
        if isinstance(node, yaml.MappingNode):
            kids = [(value, path + (key.value if isinstance(key, yaml.ScalarNode) else str(key),),
                     key.start_mark.line + 1) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            kids = [(item, path + (i,), item.start_mark.line + 1) for i, item in enumerate(node.value)]
        else:
            continue
        stack.extend(reversed(kids))  # document order, so a repeated key's later line wins
    return lines


def _line(lines: dict[tuple, int], path: tuple) -> int | None:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _json_path(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top)"


def _locate(file: str, lines: dict[tuple, int], path: tuple, message: str = "") -> Problem:
    return Problem(message, file=file or None, line=_line(lines, path), path=_json_path(path))


#: Python refuses to read integers of more digits than `sys.get_int_max_str_digits()` (4300): a
#: denial-of-service guard that YAML and JSON readers meet as a ValueError.
_TOO_LONG = "integer string conversion"
_LONG_NUMBER = "a number has more digits than drafter reads (4300); write it as text in quotes if it is one"


def parse_document(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    """The data of a YAML or JSON template and the line of each path in it."""
    is_json = name.endswith(".json")
    bad = _SURROGATE.search(text)
    if bad:  # text read from a file never has one (UTF-8 cannot encode it); text handed in may
        raise DrafterError(Problem(_not_xml(bad.group()), file=name, line=text.count("\n", 0, bad.start()) + 1))
    if is_json:
        try:
            data = json.loads(text)
        except RecursionError:
            raise DrafterError(Problem("malformed JSON: nested too deeply", file=name))
        except ValueError as exc:
            if _TOO_LONG in str(exc):
                raise DrafterError(Problem(_LONG_NUMBER, file=name))
            line = getattr(exc, "lineno", None)
            raise DrafterError(Problem(f"malformed JSON: {exc.msg if hasattr(exc, 'msg') else exc}",
                                       file=name, line=line))
        # JSON is YAML: compose it again for line numbers.
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                written, values = _expanded_size(node, name)
                if written > MAX_VALUES:
                    raise DrafterError(Problem(f"too many values: {written} (a template holds at most "
                                               f"{MAX_VALUES}); split it into several templates", file=name))
                if values > MAX_VALUES:
                    raise DrafterError(Problem(f"too many values once YAML aliases are expanded (over "
                                               f"{MAX_VALUES}); write the template out without aliases",
                                               file=name))
            if not is_json:
                try:
                    data = loader.construct_document(node) if node is not None else None
                except ValueError as exc:
                    if _TOO_LONG not in str(exc):
                        raise
                    raise DrafterError(Problem(_LONG_NUMBER, file=name))
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        if is_json:  # valid JSON YAML cannot read (a "\ud800" escape): the data, no lines
            return data, {}
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        msg = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
        raise DrafterError(Problem(msg, file=name, line=mark.line + 1 if mark else None))
    except RecursionError:
        raise DrafterError(Problem(f"malformed {'JSON' if is_json else 'YAML'}: nested too deeply", file=name))
    return data, (_compose_lines(node) if node is not None else {})


@lru_cache(maxsize=None)
def _validator() -> jsonschema.Draft202012Validator:
    # One validator for every template of a run: it resolves the schema's $refs once. jsonschema
    # is imported here, when a template is first checked, not when drafter starts.
    import jsonschema

    return jsonschema.Draft202012Validator(schema("template"))


def _schema_problems(data: Any, name: str, lines: dict[tuple, int]) -> list[Problem]:
    """Every schema error, each at its path; an edit's errors judged against its own `op`."""
    validator = _validator()
    full = validator.schema
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "oneOf" and len(path) == 2 and path[0] == "edits" and isinstance(error.instance, dict):
            problems.extend(_edit_problems(error.instance, path, name, lines, full))
            continue
        problems.append(_locate(name, lines, path, _message(error)))
    return problems


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
            out.append(_locate(name, lines, path, msg))
            continue
        out.append(_locate(name, lines, path + tuple(e.absolute_path), _message(e)))
    return out


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unexpected key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} (expected: {allowed})"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "maxLength":
        return f"is too long: {len(error.instance)} characters (at most {error.validator_value})"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {type(error.instance).__name__} {str(error.instance)[:40]!r}"
    if error.validator == "oneOf" and error.schema.get("description"):
        return f"{error.message[:80]}: {error.schema['description']}"
    return error.message if len(error.message) < 200 else error.message[:200] + "..."


#: Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates;
#: U+FFFE, U+FFFF): a Word document holding one is corrupt, so a template may not contain them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _not_xml(char: str) -> str:
    code = ord(char)
    what = ("a control character" if code < 0x20 else "a lone surrogate" if 0xD800 <= code <= 0xDFFF
            else "a noncharacter")
    return f"contains U+{code:04X} ({what}), which a Word document cannot hold; remove it"


def unwritable(value: str) -> str | None:
    """Why `value` cannot go into a Word document (it holds a character XML forbids), or None."""
    bad = _NOT_XML.search(value)
    return _not_xml(bad.group()) if bad else None


def _unwritable(data: Any, name: str, lines: dict) -> list[Problem]:
    """A problem at the path of every key or string holding a character XML forbids."""
    out = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            bad = _NOT_XML.search(value)
            if bad:
                out.append(_locate(name, lines, path, _not_xml(bad.group())))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                bad = _NOT_XML.search(key) if isinstance(key, str) else None
                if bad:
                    out.append(_locate(name, lines, path, f"a key {_not_xml(bad.group())}"))
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
                problems.append(_locate(name, lines, path, f"unknown parameter {{{{{key}}}}} (parameters: {known})"))
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
    if op == "substitute":
        return Substitute(data["target"], data["find"], data["with"], data["rationale"].strip(),
                          data.get("occurrence"), data.get("field", "text"), derogates)
    if op == "replace":
        return Replace(data["target"], data["expect"], data["new"], data["rationale"].strip(), derogates)
    if op == "insert":
        return Insert(data["provision"], data["rationale"].strip(), data.get("after"), data.get("before"),
                      data.get("into"), data.get("expect"), bool(data.get("renumber", False)), derogates)
    return Repeal(data["target"], data["expect"], data["rationale"].strip(), derogates)


def _parameter_problem(spec: dict, value: Any) -> str | None:
    """Why a parameter value is not allowed (None if it is): type, range, pattern, choices."""
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
    problems = _unwritable(data, name, lines) + _schema_problems(data, name, lines)
    if problems:
        raise DrafterError(problems)
    declared = {k: v["default"] for k, v in data.get("parameters", {}).items()}
    # Values given for parameters this template does not declare are for
    # other templates of the same run (see `load_options`).
    given = {k: v for k, v in (params or {}).items() if k in declared}
    for key, value in given.items():
        bad = _NOT_XML.search(str(value))
        if bad:
            problems.append(Problem(f"parameter {key!r} given on the command line: {_not_xml(bad.group())}",
                                    file=name))
    for key, spec in data.get("parameters", {}).items():
        for value, source in ((spec["default"], "default"), (given.get(key), "-p")):
            why = None if value is None else _parameter_problem(spec, value)
            if why:
                where = "its default" if source == "default" else "the value given with -p"
                problems.append(_locate(name, lines, ("parameters", key), f"parameter {key!r}: {where} {value!r} {why}"))
    if problems:
        raise DrafterError(problems)
    values = {**declared, **{k: (int(v) if isinstance(declared[k], int) else v) for k, v in given.items()}}
    edits = _fill(data["edits"], values, ("edits",), name, lines, problems)
    if problems:
        raise DrafterError(problems)
    requires = tuple((r,) if isinstance(r, str) else tuple(r) for r in data.get("requires", ()))
    return Template(
        id=data["id"], title=data["title"], option=data["option"], kind=data["kind"],
        edition=data["edition"], author=data["author"], rationale=data["rationale"].strip(),
        argument=data["argument"].strip(), edits=tuple(_edit(e) for e in edits),
        excludes=tuple(data.get("excludes", ())), requires=requires, parameters=values,
        path=name, lines=lines,
    )


def load_template(path: Path, params: dict[str, str] | None = None) -> Template:
    """The template in a file (YAML, or JSON by its .json suffix)."""
    name = str(path)
    text = decode_utf8(read_limited(Path(path), MAX_TEMPLATE_BYTES, "a template"), name)
    return template_from_text(text, name, params)


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
