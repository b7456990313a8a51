"""The `drafter` command: click commands that parse arguments, call the library, print.

Every `DrafterError` becomes one line per problem on stderr and its exit
status here, in `DrafterGroup.invoke`, and nowhere else: a command ends with
a status by raising one (`ReportedProblems` when its report already said
what is wrong, `DraftProblems` for a draft written with problems).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

import click

from ..errors import DrafterError, Problem

# At exit the interpreter's last garbage collection walks every object a command made (the text,
# its references, the drafts) only to free memory the system takes back anyway: frozen objects are
# left out of it. Flushing and closing files does not depend on it. About 7 ms of `show`, 12 of
# `check`; registered by the command line only, never by the library.
atexit.register(gc.freeze)


class DrafterGroup(click.Group):
    """The command group that turns library errors into one-line messages."""

    def invoke(self, ctx: click.Context):
        try:
            _check_home()
            return super().invoke(ctx)
        except DrafterError as exc:
            for problem in exc.problems:
                click.echo(f"drafter: {problem}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader stopped reading (drafter diff ... | head): not an error of ours. Point stdout at
            # /dev/null so that Python's flush at exit does not fail a second time; exit as SIGPIPE would.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except OSError as exc:
            # The machine refused a file operation the library did not foresee (a folder under /proc,
            # a full disk): say which file and why, in one line, rather than a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"drafter: {where}{exc.strerror or exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("drafter: interrupted", err=True)
            sys.exit(130)


def _check_home() -> None:
    """A DRAFTER_HOME that is set must be a folder: a typo would otherwise go unnoticed."""
    home = os.environ.get("DRAFTER_HOME")
    if home and not os.path.isdir(home):
        raise DrafterError(Problem("the folder DRAFTER_HOME names does not exist (set it to the project folder, "
                                   "which holds constitution/ and templates/, or unset it)",
                                   file=f"DRAFTER_HOME={home}"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("drafter")
    except PackageNotFoundError:
        return "unknown"


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # Looked up only when asked for: importlib.metadata costs every command ~15 ms at start-up.
    if value and not ctx.resilient_parsing:
        click.echo(f"drafter {_version()}")
        ctx.exit()


EXIT_CODES = """\b
Exit status:
  0    done, nothing wrong found
  1    problems: a wrong input, or a template that does not apply
       (nothing written); or problems a check found (check, xrefs,
       cite, procedure: the report is printed all the same)
  2    wrong usage (an unknown flag, a missing argument)
  3    draft: the files were written, but the draft breaks a hard
       limit or leaves a broken reference (0 with --allow-problems)
  130  interrupted; 141 the reader of the output went away (| head)
"""


@click.group(cls=DrafterGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.option("--version", "-V", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Draft amendments to the Constitution of the Republic of Azerbaijan.

    Read the constitution (show, toc), import an edition (import), check and
    apply amendment templates, and write redlined Word drafts.
    """


from . import options, text  # noqa: E402,F401  (commands register themselves on `main`)
from . import xrefs  # noqa: E402,F401
from . import procedure  # noqa: E402,F401
from . import draft  # noqa: E402,F401
from . import review  # noqa: E402,F401

__all__ = ["main"]
