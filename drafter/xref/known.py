"""Known defects of the source: references the edition gets wrong, recorded (``xref-known.yaml``)
with the reason each is left as it is, so that checks do not count them as new problems."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..address import Address
from ..errors import DrafterError, Problem
from ..fileio import read_data
from ..load import edition_dir
from .checking import BROKEN, RefResult

KNOWN_FILE = "xref-known.yaml"

@dataclass(frozen=True)
class KnownDefect:
    """A reference the source gets wrong, recorded with the reason it is left as it is."""

    source: str  # eId of the citing provision
    text: str  # the words of the reference
    status: str
    reason: str
    erratum: str | None = None
    meant: str | None = None  # eId of the only provision the defective reference can mean, if the entry says

    def matches(self, result: RefResult) -> bool:
        return (result.source, result.text, result.status) == (self.source, self.text, self.status)


def load_known(edition_id: str, root: Path | None = None) -> list[KnownDefect]:
    """The edition's known defective references (``xref-known.yaml``; none if there is no file)."""
    path = edition_dir(edition_id, root) / KNOWN_FILE
    if not path.is_file():
        return []
    stat = path.stat()
    return list(_read_known(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _read_known(name: str, mtime_ns: int, size: int) -> tuple[KnownDefect, ...]:
    # Every amendment checked is held against the known defects: the file is read once per run
    # (and again if it changes), as the edition is.
    path = Path(name)
    data = read_data(path, "a list of known defects") or {}
    entries = data.get("known") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DrafterError(Problem("expected a list under 'known'", file=str(path)))
    out, problems = [], []
    for i, entry in enumerate(entries):
        where = f"known[{i}]"
        fields = ("source", "text", "status", "reason")
        if not isinstance(entry, dict) or any(not isinstance(entry.get(k), str) for k in fields):
            problems.append(Problem("needs source, text, status and reason (strings)", file=str(path), path=where))
            continue
        if entry["status"] not in BROKEN:
            problems.append(Problem(f"status {entry['status']!r} is not a problem status "
                                    f"({', '.join(sorted(BROKEN))})", file=str(path), path=where))
            continue
        try:
            source = Address.parse(entry["source"]).eid
        except DrafterError as exc:
            problems.extend(Problem(p.message, file=str(path), path=f"{where}.source") for p in exc.problems)
            continue
        meant = None
        if entry.get("meant") is not None:
            try:
                meant = Address.parse(str(entry["meant"])).eid
            except DrafterError as exc:
                problems.extend(Problem(p.message, file=str(path), path=f"{where}.meant") for p in exc.problems)
                continue
        out.append(KnownDefect(source, entry["text"], entry["status"], " ".join(entry["reason"].split()),
                               entry.get("erratum"), meant))
    if problems:
        raise DrafterError(problems)
    return tuple(out)
