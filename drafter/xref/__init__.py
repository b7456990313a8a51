"""Cross-references: every citation in a text found, resolved to eIds, and checked.

One module per job, each usable alone:

- `finding`: the references in running text, read from the words and their
  context alone (`find_references`, `Reference`);
- `resolving`: what an address names in a given constitution, or why it names
  nothing;
- `checking`: a text's references checked (`check_references`, `RefResult`,
  the `STATUSES` and which of them are `BROKEN`);
- `citations`: free text checked, a citation given for a subject held to it
  (`check_citations`, what `drafter cite` runs);
- `known`: the source's known defective references (`load_known`);
- `report`: the report of `drafter xrefs` and report.json (`xref_report`);
- `amended`: the references an amendment breaks, found in proportion to what
  it changes (`TextReferences`, what `drafter check` runs);
- `impact`: the references to what an amendment changes (`impact`, `impact_of`);
- `links`: where each reference points, for the Word drafts (`links`).

Problems are values, never exceptions: the caller decides what fails.
"""

from .amended import TextReferences
from .checking import BROKEN, STATUSES, RefResult, check_reference, check_references, result_line
from .citations import check_citations
from .finding import Reference, find_references, normalise
from .impact import impact, impact_of
from .known import KNOWN_FILE, KnownDefect, load_known
from .links import links
from .report import xref_report

__all__ = ["BROKEN", "KNOWN_FILE", "STATUSES", "KnownDefect", "RefResult", "Reference", "TextReferences",
           "check_citations", "check_reference", "check_references", "find_references", "impact", "impact_of",
           "links", "load_known", "normalise", "result_line", "xref_report"]
