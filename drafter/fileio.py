"""Reading files a user names without trusting their size or encoding; writing files without ever
leaving a half-written one or clobbering one by accident."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from .errors import DrafterError, Problem

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


def read_yaml(path: Path, what: str, limit: int = 8_000_000) -> Any:
    """The data of a small YAML file a user names (errata, edition metadata), any defect one problem."""
    import yaml

    data = read_limited(Path(path), limit, what)
    text = decode_utf8(data, str(path))
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DrafterError(Problem(f"malformed YAML: {problem}", file=str(path),
                                   line=mark.line + 1 if mark else None))
    except RecursionError:
        raise DrafterError(Problem("malformed YAML: nested too deeply", file=str(path)))


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
    for path in files:
        if path.is_dir():
            problems.append(Problem("is a directory", file=str(path)))
        elif os.path.lexists(path) and not force:  # a dangling symlink too: renaming over it loses the link
            problems.append(Problem("already exists; use --force to overwrite it", file=str(path)))
        elif path.parent.exists() and not path.parent.is_dir():
            problems.append(Problem("is not a directory", file=str(path.parent)))
    if problems:
        raise DrafterError(problems)
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
