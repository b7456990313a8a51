"""Pytest-side wrapper around ``lo_reviewer.py``: LibreOffice playing the reviewer (see that script)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from support.oracle import SYSTEM_PYTHON, OracleError, _clean_env

SCRIPT = Path(__file__).with_name("lo_reviewer.py")


def review_with_libreoffice(reviews: list[dict], timeout: float = 180) -> None:
    """Have one LibreOffice make each review (input, output, author, steps); raise if any step failed."""
    with tempfile.TemporaryDirectory(prefix="drafter-reviewer-job-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"reviews": reviews}), encoding="utf-8")
        proc = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(job)], capture_output=True, text=True,
                              env=_clean_env(), cwd=tmp, timeout=timeout)
    if proc.returncode != 0:
        raise OracleError(f"lo_reviewer.py exited {proc.returncode}: {proc.stderr[-2000:]}")
    failed = [r for r in json.loads(proc.stdout)["reviews"] if r["error"]]
    if failed:
        raise OracleError(f"LibreOffice could not make the review: {failed}")
