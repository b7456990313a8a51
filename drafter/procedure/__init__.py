"""Which procedure adopts a draft: the adoption route, the instrument and its limits, from the edition's rules.

A draft's changes are classified as revisions of the text in force or
additions to it (`classify`), each placed by the article and chapter
numbers the limits are written in (`places`); the rule file of the edition
(`rules`) says which routes may carry each class, the limits of each route
(`limits`) and what a new provision derogating from the main text bars
(`derogation`, Article 156, part V). From these `route` chooses the one instrument that
carries the draft and says why the other routes are closed; `check` is what
`drafter check` reports of it, `ballot` the questions a referendum puts
to the voters, `prose` the summary and the drafting memorandum, `report`
the plain data of report.json.

The names below are the package's interface: import them from here.
"""

from .ballot import Question, ballot_problems, ballot_questions
from .check import check_notes, check_warnings, hard_limits
from .classify import ADDITION, REVISION, Classified, classify
from .derogation import Derogated, derogations
from .limits import Limit
from .prose import Memo, MemoSection, memorandum, summary_lines
from .report import to_json
from .route import Instrument, OptionRoute, Procedure, procedure_for
from .rules import HARD, WARNING, NoProcedureRules, Rule, Rules, Step, load_rules, rules_path

__all__ = [
    "ADDITION", "REVISION", "HARD", "WARNING", "Classified", "Derogated", "Instrument", "Limit",
    "Memo", "MemoSection", "NoProcedureRules", "OptionRoute", "Procedure", "Question", "Rule", "Rules", "Step",
    "ballot_problems", "ballot_questions", "check_notes", "check_warnings", "classify", "derogations",
    "hard_limits", "load_rules", "memorandum", "procedure_for", "rules_path", "summary_lines", "to_json",
]
