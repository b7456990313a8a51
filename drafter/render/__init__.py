"""Word documents from an amendment: the redline, the consolidated text, the amending act, the synoptic table.

Every rendering reads the same change list (`drafter.amend.Amendment`):

- `render_redline`: the text with every change as a native Word revision,
  authored by its option, with a comment giving each change's rationale;
- `render_amended`: the same text and layout with the changes applied;
- `render_act`: the amending act in the formulas of the referendum acts;
- `memo.render_procedure`, `ballot.render_ballot`: the adoption procedure as a
  drafting memorandum, and a referendum's ballot questions;
- `render_synoptic`: current text | proposed text | rationale, one row per
  changed provision (one proposed column per alternative).

Each returns the bytes of a .docx file; with the same inputs and date the
bytes are the same. Each writer reads the amendment's change plan
(`drafter.plan`: made once per amendment and handed to every writer) and
only writes. Modules: `wordml` (raw WordprocessingML), `layout` (styles,
page, header, footer, properties), `document`, `act`, `synoptic`, `memo`,
`ballot`.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..amend import Amendment
from ..plan import Plan
from .act import render_act
from .document import Linker, render_text
from .synoptic import render_synoptic


def render_redline(amendment: Amendment, *, units: Iterable[str] | None = None, date: dt.datetime,
                   author: str | None = None, links: Linker | None = None,
                   current_links: Linker | None = None, plan: Plan | None = None) -> bytes:
    """The text of `units` (None: all of it) with every change as a tracked change, one comment per change;
    `links` and `current_links` find the references of the amended and of the current text; `plan` is
    the amendment's (one is made when not given)."""
    return render_text(amendment, redline=True, units=units, date=date, author=author, links=links,
                       current_links=current_links, plan=plan)


def render_amended(amendment: Amendment, *, units: Iterable[str] | None = None, date: dt.datetime,
                   author: str | None = None, links: Linker | None = None, plan: Plan | None = None) -> bytes:
    """The text of `units` as amended: the same layout as the redline, no revisions."""
    return render_text(amendment, redline=False, units=units, date=date, author=author, links=links, plan=plan)


__all__ = ["Linker", "render_act", "render_amended", "render_redline", "render_synoptic"]
