"""pandoc as an independent judge of tracked changes: the text of a .docx with every change accepted or rejected.

    ok, reason = available()
    paragraphs(Path("redline.docx"), "reject")

pandoc's reading is normalised: it shows stray leading spaces and empty headings where a rejected
inserted paragraph held a bookmark, so blank lines go and every line is stripped.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether pandoc can judge documents here, and if not, why not."""
    if shutil.which("pandoc") is None:
        return False, "pandoc not on PATH (apt-get install pandoc)"
    return True, "pandoc found"


def paragraphs(path: Path, changes: str) -> list[str]:
    """The non-empty lines of `path` as plain text, with all tracked changes accepted or rejected."""
    if changes not in ("accept", "reject"):
        raise ValueError(f"changes must be 'accept' or 'reject', not {changes!r}")
    proc = subprocess.run(["pandoc", f"--track-changes={changes}", "-f", "docx", "-t", "plain", "--wrap=none",
                           str(path)], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"pandoc failed on {path}: {proc.stderr.strip()[-500:]}")
    return [line.strip() for line in proc.stdout.splitlines() if line.strip()]
