"""The `drafter` command: click commands that parse arguments, call the library, print.

Every `DrafterError` becomes one line per problem on stderr and its exit
status here, in `DrafterGroup.invoke`, and nowhere else.
"""

from __future__ import annotations

import sys

import click

from ..errors import DrafterError


class DrafterGroup(click.Group):
    """The command group that turns library errors into one-line messages."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            for problem in exc.problems:
                click.echo(f"drafter: {problem}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("drafter: interrupted", err=True)
            sys.exit(130)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("drafter")
    except PackageNotFoundError:
        return "unknown"


@click.group(cls=DrafterGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", "-V", prog_name="drafter", message="%(prog)s %(version)s")
def main() -> None:
    """Draft amendments to the Constitution of the Republic of Azerbaijan.

    Read the constitution (show, toc), import an edition (import), check and
    apply amendment templates, and write redlined Word drafts.
    """


from . import options, text  # noqa: E402,F401  (commands register themselves on `main`)
from . import xrefs  # noqa: E402,F401
from . import procedure  # noqa: E402,F401
from . import draft  # noqa: E402,F401

__all__ = ["main"]
