"""Reading files a user names without trusting their size or encoding; remembering, per machine,
what reading an exact content established; writing files without ever leaving a half-written one
or clobbering one by accident."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from .errors import DrafterError, Problem

if TYPE_CHECKING:
    import yaml

T = TypeVar("T")

_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"),
         (b"\xfe\xff", "UTF-16"))


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, refusing more than `limit` (a device or a pipe is read only that far)."""
    name = str(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise DrafterError(Problem(f"cannot read: {exc.strerror}", file=name))
    if stat.S_ISDIR(mode):
        raise DrafterError(Problem(f"is a directory, not {what}", file=name))
    if not stat.S_ISREG(mode):  # opening a FIFO with no writer blocks forever; a device never ends
        raise DrafterError(Problem(f"is {_special(mode)}, not a file; give {what} as a regular file", file=name))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise DrafterError(Problem(f"is a directory, not {what}", file=name))
    except OSError as exc:
        raise DrafterError(Problem(f"cannot read: {exc.strerror}", file=name))
    if len(data) > limit:
        raise DrafterError(Problem(f"too large for {what} (over {limit} bytes)", file=name))
    return data


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def decode_utf8(data: bytes, name: str) -> str:
    """`data` as text: UTF-8, a UTF-8 byte-order mark dropped; UTF-16 and UTF-32 named as such."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise DrafterError(Problem(f"{encoding} text; save it as UTF-8", file=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DrafterError(Problem(f"not UTF-8 text (byte {exc.start})", file=name))


def read_text(path: Path, what: str, limit: int = 8_000_000) -> str:
    """The text of a file a user names: at most `limit` bytes of UTF-8, any defect one problem."""
    return decode_utf8(read_limited(Path(path), limit, what), str(path))


def read_data(path: Path, what: str, limit: int = 8_000_000, *, lines: bool = False) -> Any:
    """The data of a YAML or JSON file (JSON by its .json suffix): size, encoding and syntax checked,
    every defect a problem with file and line. With `lines`: (data, the line of each path in it)."""
    name = str(path)
    text = read_text(path, what, limit)
    if lines or not name.endswith(".json"):
        data, where = parse_document(text, name)
        return (data, where) if lines else data
    try:
        return json.loads(text)
    except RecursionError:
        raise DrafterError(Problem("malformed JSON: nested too deeply", file=name))
    except ValueError as exc:
        if _TOO_LONG in str(exc):
            raise DrafterError(Problem(_LONG_NUMBER, file=name))
        raise DrafterError(Problem(f"malformed JSON: {getattr(exc, 'msg', exc)}", file=name,
                                   line=getattr(exc, "lineno", None)))




#: libyaml's loader where PyYAML has it (several times faster, and it bounds nesting at 1000 levels);
#: the pure-Python one otherwise. Both give nodes with line marks.
def _loader(text: str):
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)

#: Values a template may hold once YAML aliases are expanded: far above any real template, far below
#: what an alias bomb ("billion laughs") asks for.
MAX_VALUES = 200_000


def _expanded_size(root: "yaml.Node", name: str) -> tuple[int, int]:
    """How many values `root` holds as written and with every alias expanded, counted without expanding them."""
    import yaml

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


def _compose_lines(root: "yaml.Node") -> dict[tuple, int]:
    import yaml

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


#: Python refuses to read integers of more digits than `sys.get_int_max_str_digits()` (4300): a
#: denial-of-service guard that YAML and JSON readers meet as a ValueError.
_TOO_LONG = "integer string conversion"
_LONG_NUMBER = "a number has more digits than drafter reads (4300); write it as text in quotes if it is one"


def parse_document(text: str, name: str) -> tuple[Any, dict[tuple, int]]:
    """The data of a YAML or JSON document (JSON by `name`'s .json suffix) and the line of each path in it."""
    is_json = name.endswith(".json")
    bad = _SURROGATE.search(text)
    if bad:  # text read from a file never has one (UTF-8 cannot encode it); text handed in may
        raise DrafterError(Problem(not_xml(bad.group()), file=name, line=text.count("\n", 0, bad.start()) + 1))
    what = _PARSED + (b"json" if is_json else b"yaml")
    content = text.encode("utf-8")
    known = recall(what, content, _from_parsed_note)
    if known is not None:  # a note of this very text: no parser needed (importing PyYAML alone costs 10 ms)
        return known
    data, lines = _parse(text, name, is_json)
    note = _parsed_note(data, lines)
    if note is not None:
        remember(what, content, note)
    return data, lines


def _parse(text: str, name: str, is_json: bool) -> tuple[Any, dict[tuple, int]]:
    import yaml

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
        loader = _loader(text)
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


# ---- what is known of exact contents --------------------------------------------------------------
#
# Every command reads the same edition, templates and errata, and what reading one establishes (that
# it passed its schema; the data a YAML text holds; the references an edition's text makes, which
# depend on the reader too, named in `what`) depends on its bytes alone. So it is established
# once per machine, not once per run: a note under $XDG_CACHE_HOME/drafter/validated, named for the
# hash of what was established and of the content together, so that changed bytes are read afresh.
# Nothing is noted of a content with problems: they are found and reported every time.

def recall(what: bytes, content: bytes, decode: Callable[[bytes], T] | None = None) -> bytes | T | None:
    """What was noted about `content` under `what` (b"" for a bare fact), or None if nothing was.

    With `decode`, the note decoded; a note it cannot decode (cut short, written by another program)
    counts as none, so the caller reads the content again and notes it afresh.
    """
    note = _note_path(what, content)
    if note is None:
        return None
    try:
        raw = note.read_bytes()
    except OSError:
        return None
    if decode is None:
        return raw
    try:
        return decode(raw)
    except (ValueError, TypeError, LookupError):
        return None


#: The most notes kept: each edit of a template leaves the notes of its earlier contents behind, so
#: when a new note makes more than this, the oldest are removed (what is still read is noted again).
MAX_NOTES = 2000


def remember(what: bytes, content: bytes, note: bytes = b"") -> None:
    """Note `note` about `content` under `what` (nothing, if there is no cache folder to note it in)."""
    path = _note_path(what, content)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(note)
        os.replace(tmp, path)  # never a half-written note under the real name
        _forget_oldest(path.parent)
    except OSError:
        pass  # no cache folder to write in: read again next time


def _forget_oldest(folder: Path) -> None:
    """Keep the folder of notes within `MAX_NOTES`: above it, remove the oldest (by the time each was
    written) down to three quarters of it, so that removing happens again only after many new notes."""
    with os.scandir(folder) as entries:
        notes = [e for e in entries if not e.name.startswith(".")]
    if len(notes) <= MAX_NOTES:
        return
    stamped = []
    for e in notes:
        try:
            stamped.append((e.stat().st_mtime_ns, e.path))
        except OSError:
            continue  # removed meanwhile by another process
    stamped.sort()
    for _, name in stamped[:len(stamped) - MAX_NOTES * 3 // 4]:
        try:
            os.remove(name)
        except OSError:
            pass


def _note_path(what: bytes, content: bytes) -> Path | None:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(root):
        return None
    return Path(root) / "drafter" / "validated" / hashlib.sha256(what + b"\0" + content).hexdigest()


#: What a note of a parsed document holds: its data and the line of each path, as JSON (of a document
#: within the limits of this reader: a note never lets a larger one through).
_PARSED = f"drafter: parsed document/1, at most {MAX_VALUES} values, ".encode()


def _parsed_note(data: Any, lines: dict[tuple, int]) -> bytes | None:
    """The note of a parsed document, if JSON holds its data exactly (YAML dates or keys that are
    not text it does not: such a document is parsed every time)."""
    try:
        text = json.dumps([data, [[list(path), line] for path, line in lines.items()]])
    except (TypeError, ValueError):
        return None
    if json.loads(text)[0] != data:
        return None
    return text.encode("utf-8")


def _from_parsed_note(note: bytes) -> tuple[Any, dict[tuple, int]]:
    data, lines = json.loads(note)
    return data, {tuple(path): line for path, line in lines}


#: Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates;
#: U+FFFE, U+FFFF): a Word document holding one is corrupt, so a template may not contain them.
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def not_xml(char: str) -> str:
    code = ord(char)
    what = ("a control character" if code < 0x20 else "a lone surrogate" if 0xD800 <= code <= 0xDFFF
            else "a noncharacter")
    return f"contains U+{code:04X} ({what}), which a Word document cannot hold; remove it"


def unwritable(value: str) -> str | None:
    """Why `value` cannot go into a Word document (it holds a character XML forbids), or None."""
    bad = NOT_XML.search(value)
    return not_xml(bad.group()) if bad else None


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename (see `write_files`)."""
    write_files({Path(path): data}, force=force)


def write_files(files: dict[Path, bytes], *, force: bool = False) -> None:
    """Write several files as nearly at once as a file system allows.

    Every file is checked first (an existing one is replaced only with
    `force`), then written in full to a temporary file beside its target;
    only when all are on disk are they renamed into place. A failure before
    the renames (a full disk, a folder we cannot write) leaves every target
    as it was and no temporary file behind.
    """
    problems = []
    existing: dict[Path, list[str]] = {}
    for path in files:
        if path.is_dir():
            problems.append(Problem("is a directory", file=str(path)))
        elif os.path.lexists(path) and not force:  # a dangling symlink too: renaming over it loses the link
            existing.setdefault(path.parent, []).append(path.name)
        elif path.parent.exists() and not path.parent.is_dir():
            problems.append(Problem("is not a directory", file=str(path.parent)))
    for folder, names in existing.items():
        # One line per folder: a whole earlier draft is one problem, not five.
        if len(names) == 1:
            problems.append(Problem("already exists; use --force to overwrite it", file=str(folder / names[0])))
        else:
            problems.append(Problem(f"already holds {', '.join(names)}; use --force to overwrite them",
                                    file=str(folder)))
    if problems:
        raise DrafterError(problems)
    import tempfile  # here: only writing needs it, and reading commands start faster without it

    for folder in {path.parent for path in files}:
        sweep_temporary(folder)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                           dir=path.parent)
            except OSError as exc:
                raise DrafterError(Problem(f"cannot write here: {exc.strerror}", file=str(path.parent)))
            staged.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise DrafterError(Problem(f"cannot write: {exc.strerror}", file=str(path)))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise DrafterError(Problem(f"cannot write: {exc.strerror}", file=str(path)))
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def remove_file(path: Path) -> None:
    """Remove `path` (a file this program wrote earlier), a problem if it cannot be removed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise DrafterError(Problem(f"cannot remove the earlier draft's file: {exc.strerror}", file=str(path)))


TEMP_SUFFIX = ".drafter-tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + "$")


def sweep_temporary(folder: Path) -> None:
    """Remove the temporary files that runs killed mid-write left in `folder`.

    A temporary file's name holds the id of the process writing it; one whose
    process is gone can only be left over, and one of a live process is left alone.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TEMP.match(name)
        if m is None or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(Path(folder) / name)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
