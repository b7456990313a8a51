"""Pytest-side wrapper around ``lo_oracle.py`` (LibreOffice as an independent judge).

``lo_oracle.py`` needs Debian's ``/usr/bin/python3`` with python3-uno, so it runs as a
subprocess; this module is plain Python and importable from the venv.

    ok, reason = available()
    results = judge([(Path("a.docx"), "accept"), (Path("a.docx"), "reject")])
    normalise(results[0]["paragraphs"])

Each result is a dict with keys ``path, action, paragraphs, redlines_before, redlines_left,
comments, filter, error, seconds`` (see ``lo_oracle.py``).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_oracle.py")
ACTIONS = ("accept", "reject", "none")
# The comment side window's UI file: missing in builds that abort when UNO loads a document with
# comments (the -nogui packaging); shipped by libreoffice-writer.
ANNOTATION_UI = Path("/usr/lib/libreoffice/share/config/soffice.cfg/modules/swriter/ui/annotation.ui")


class OracleError(RuntimeError):
    """The oracle script itself failed (not a single document)."""


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether LibreOffice can judge documents here, and if not, why not."""
    if not os.path.exists(SYSTEM_PYTHON):
        return False, f"{SYSTEM_PYTHON} not found"
    if shutil.which("soffice") is None:
        return False, "soffice not on PATH (apt-get install libreoffice-writer)"
    try:
        proc = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import uno; from com.sun.star.beans import PropertyValue"],
            capture_output=True, text=True, timeout=60, env=_clean_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"cannot run {SYSTEM_PYTHON}: {exc}"
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-1:] or [""]
        return False, f"{SYSTEM_PYTHON} cannot import uno (apt-get install python3-uno): {tail[0]}"
    return True, "LibreOffice and python3-uno found"


def comments_supported() -> tuple[bool, str]:
    """Whether this LibreOffice build can load documents with comments through UNO."""
    ok, reason = available()
    if not ok:
        return ok, reason
    if not ANNOTATION_UI.exists():
        return False, f"{ANNOTATION_UI} missing (a -nogui build aborts on comments)"
    return True, "annotation UI present"


def _clean_env() -> dict[str, str]:
    """The environment for /usr/bin/python3: without the venv's variables."""
    env = dict(os.environ)
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(key, None)
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        parts = [p for p in env.get("PATH", "").split(os.pathsep)
                 if not p.startswith(os.path.join(venv, ""))]
        env["PATH"] = os.pathsep.join(parts)
    if "/usr/bin" not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = env.get("PATH", "") + os.pathsep + "/usr/bin"
    return env


def run_job(docs: Iterable[tuple[Path | str, str]], timeout: float | None = None) -> dict:
    """Run lo_oracle.py on (path, action) pairs; return its whole report
    (``documents``, ``startup_seconds``, ``total_seconds``)."""
    docs = [(Path(p).resolve(), a) for p, a in docs]
    for _, action in docs:
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
    if timeout is None:
        timeout = 120 + 30 * len(docs)
    with tempfile.TemporaryDirectory(prefix="drafter-oracle-job-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps(
            {"documents": [{"path": str(p), "action": a} for p, a in docs]}), encoding="utf-8")
        proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(SCRIPT), str(job)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=_clean_env(), cwd=tmp,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            # SIGTERM first: lo_oracle.py turns it into SystemExit, so its finally stops soffice
            proc.terminate()
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
            raise OracleError(f"lo_oracle.py timed out after {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise OracleError(f"lo_oracle.py exited {proc.returncode}: {stderr.strip()[-2000:]}")
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError as exc:
        raise OracleError(f"lo_oracle.py printed no JSON: {stdout[-2000:]!r}") from exc
    if len(report.get("documents", [])) != len(docs):
        raise OracleError(f"expected {len(docs)} results, got {len(report.get('documents', []))}")
    return report


def judge(docs: list[tuple[Path, str]], timeout: float | None = None) -> list[dict]:
    """Let one LibreOffice instance open each document and accept / reject all changes / do
    nothing; return one result dict per (path, action), in order."""
    return run_job(docs, timeout=timeout)["documents"]


def normalise(paragraphs: Sequence[str] | None) -> list[str]:
    """Strip trailing whitespace from each paragraph and drop the empty ones."""
    out = []
    for text in paragraphs or ():
        text = text.rstrip()
        if text:
            out.append(text)
    return out
