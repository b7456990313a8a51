"""Writing files without ever leaving a half-written one or clobbering one by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DrafterError, Problem


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    An existing file is replaced only with `force`; a failure leaves whatever
    was there before untouched and no temporary file behind.
    """
    path = Path(path)
    if path.exists() and not force:
        raise DrafterError(Problem("already exists; use --force to overwrite it", file=str(path)))
    if path.is_dir():
        raise DrafterError(Problem("is a directory", file=str(path)))
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise DrafterError(Problem("is not a directory", file=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DrafterError(Problem(f"cannot write here: {exc.strerror}", file=str(folder)))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DrafterError(Problem(f"cannot write: {exc.strerror}", file=str(path)))
