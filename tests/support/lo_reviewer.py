#!/usr/bin/python3
"""A reviewer simulated with LibreOffice: open a redline, decide revisions, edit with tracking on, comment, save.

Run with Debian's interpreter (python3-uno)::

    /usr/bin/python3 lo_reviewer.py JOBFILE

JOBFILE is JSON ``{"reviews": [{"input", "output", "author", "steps": [...]}, ...]}``; each step is one of

- ``{"do": "accept" | "reject", "find": TEXT, "paragraph": BOOL}``: accept / reject the tracked changes
  in the first TEXT as the document shows it (deleted words included), or with "paragraph" in the
  whole paragraph it falls in and its paragraph mark (selected, then ``.uno:AcceptTrackedChange`` /
  ``.uno:RejectTrackedChange``, as a reviewer selecting text and clicking Accept does);
- ``{"do": "insert", "after": TEXT, "text": WORDS}``: type WORDS right after the first TEXT, recorded;
- ``{"do": "delete", "find": TEXT}``: delete the first TEXT, recorded;
- ``{"do": "paragraph", "after": TEXT, "text": WORDS}``: a new paragraph after the one ending in TEXT;
- ``{"do": "comment", "find": TEXT, "text": WORDS}``: a comment anchored on the first TEXT.

Tracking is turned on (``RecordChanges``) before any edit; the author of the edits is set in the
profile (``UserProfile/Data``). Each result is saved with the filter "MS Word 2007 XML" and reported
as JSON ``{"reviews": [{"output", "error"}]}``. One soffice serves the whole job (lo_oracle.Office).
"""

import json
import os
import shutil
import signal
import sys
import tempfile
import traceback

import uno  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lo_oracle import Office, _sigterm  # noqa: E402


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _set_author(office, name):
    provider = office.ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", office.ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    first, _, last = name.partition(" ")
    access.setPropertyValue("givenname", first)
    access.setPropertyValue("sn", last)
    access.commitChanges()


def _find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    search.SearchCaseSensitive = True
    found = doc.findFirst(search)
    if found is None:
        raise RuntimeError("text not found: %r" % text)
    return found


def review_one(office, item, workdir):
    folder = tempfile.mkdtemp(prefix="rev-", dir=workdir)
    copy = os.path.join(folder, os.path.basename(item["input"]))
    shutil.copyfile(item["input"], copy)
    _set_author(office, item.get("author", "Reviewer"))
    doc = office.desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(copy)), "_blank", 0,
                                              (_prop("Hidden", True),))
    try:
        frame = doc.getCurrentController().getFrame()
        for step in item.get("steps", []):
            what = step["do"]
            if what in ("accept", "reject"):
                doc.RecordChanges = False
                found = _find(doc, step["find"])
                cursor = found.getText().createTextCursorByRange(found)
                if step.get("paragraph"):
                    cursor.gotoStartOfParagraph(False)
                    cursor.gotoEndOfParagraph(True)
                    cursor.goRight(1, True)
                doc.getCurrentController().select(cursor)
                command = ".uno:AcceptTrackedChange" if what == "accept" else ".uno:RejectTrackedChange"
                office.dispatcher.executeDispatch(frame, command, "", 0, ())
                continue
            doc.RecordChanges = True
            if what == "insert":
                found = _find(doc, step["after"])
                found.getText().insertString(found.getEnd(), step["text"], False)
            elif what == "delete":
                _find(doc, step["find"]).setString("")
            elif what == "paragraph":
                found = _find(doc, step["after"])
                cursor = found.getText().createTextCursorByRange(found.getEnd())
                cursor.gotoEndOfParagraph(False)
                from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
                found.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
                found.getText().insertString(cursor, step["text"], False)
            elif what == "comment":
                found = _find(doc, step["find"])
                note = doc.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author = item.get("author", "Reviewer")
                note.Content = step["text"]
                found.getText().insertTextContent(found, note, True)
            else:
                raise RuntimeError("unknown step %r" % what)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(item["output"])),
                       (_prop("FilterName", "MS Word 2007 XML"),))
    finally:
        doc.close(True)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv):
    signal.signal(signal.SIGTERM, _sigterm)
    with open(argv[1], encoding="utf-8") as f:
        job = json.load(f)
    workdir = tempfile.mkdtemp(prefix="drafter-lo-reviewer-")
    office = Office(workdir)
    results = []
    try:
        office.start()
        for item in job["reviews"]:
            try:
                review_one(office, item, workdir)
                results.append({"output": item["output"], "error": None})
            except Exception as exc:
                results.append({"output": item["output"],
                                "error": "%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc)})
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        office.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.write(json.dumps({"reviews": results}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
