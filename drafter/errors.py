"""Errors that carry where the problem is: `Problem`s collected into one `DrafterError`.

The CLI maps `DrafterError` to a one-line message per problem and its
`exit_code` (1). Nothing else in the package prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where: ``file:line path: message``."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.path:
            where = f"{where} {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


class DrafterError(Exception):
    """One or more problems that stop the job; each is reported on its own line."""

    exit_code = 1

    def __init__(self, problems: "list[Problem] | Problem | str"):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownProvision(DrafterError):
    """A citation that names no provision of the text at hand."""


class CitationSyntaxError(DrafterError):
    """A string that is not a citation drafter can read."""


class ReportedProblems(DrafterError):
    """Problems a command has already printed in its report (xrefs, cite): only the exit status is left."""

    def __init__(self) -> None:
        super().__init__([])


class DraftProblems(DrafterError):
    """A draft that was written but breaks a hard limit or leaves a broken reference (exit status 3)."""

    exit_code = 3
