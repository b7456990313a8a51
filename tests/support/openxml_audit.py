"""The Open XML SDK's rules, through the PyPI package openxml-audit: the errors Word-facing tools would see.

One file per process: over a folder, openxml-audit caches parts by ``id()`` of Python objects that get
reused, and reports false "comment id not found" errors.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

FORMAT = "microsoft365"


def _command() -> list[str] | None:
    beside = Path(sys.executable).with_name("openxml-audit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("openxml-audit")
    return [found] if found else None


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether openxml-audit can judge documents here, and if not, why not."""
    if _command() is None:
        return False, "openxml-audit not installed (pip install openxml-audit, in the test extra)"
    return True, "openxml-audit found"


def errors(path: Path) -> list[str]:
    """The error-severity findings for one .docx ("" list: valid), each one line."""
    proc = subprocess.run(_command() + ["-f", FORMAT, "-m", "0", "-o", "json", str(path)],
                          capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [f"openxml-audit printed no report (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"]
    out = []
    for entry in report if isinstance(report, list) else [report]:
        for e in entry.get("errors", ()):
            out.append(" ".join(str(e.get(k, "")) for k in ("part", "path", "description") if e.get(k))
                       if isinstance(e, dict) else str(e))
    return out
