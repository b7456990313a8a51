#!/usr/bin/python3
"""LibreOffice as an independent judge of .docx tracked changes.

Run with Debian's interpreter (python3-uno does not work inside a virtualenv)::

    /usr/bin/python3 lo_oracle.py JOBFILE

JOBFILE is JSON ``{"documents": [{"path": "...", "action": "accept"|"reject"|"none"}, ...]}``.
One private headless soffice (own profile in a temp dir, pipe connection) is started for the whole
job. Each document is copied to a temp folder (LibreOffice leaves ``.~lock.*#`` files beside what it
opens), loaded hidden, all tracked changes are accepted or rejected through the dispatcher on its
frame (or left alone), and the result is reported as JSON on stdout::

    {"documents": [{"path", "action", "paragraphs": [...], "redlines_before": N,
                    "redlines_left": N, "comments": N, "error": null | "..."}, ...],
     "startup_seconds": s, "shutdown_seconds": s, "total_seconds": s}

``paragraphs`` lists the text of every body paragraph in document order; a table contributes the
paragraphs of its cells, cell by cell (row-major), nested tables recursively.
If soffice dies while handling a document, that document gets an error entry and a fresh instance
is started for the remaining ones. The process group of every soffice started here is killed in
``finally``.

Known LibreOffice 7.4 readings that differ from Word: a w:del nested in a w:ins is imported as part
of the insertion (one redline; accepting keeps the deleted text); w:br w:type="page" splits the
paragraph in two. Loading any file LibreOffice can read as text succeeds, so check ``filter``
("MS Word 2007 XML") to be sure the .docx filter read it.

This file must stay importable/runnable without anything from the repo or the venv.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import uno  # noqa: E402  (Debian's python3-uno)
from com.sun.star.beans import PropertyValue  # noqa: E402

CONNECT_TIMEOUT = 30.0
ACTIONS = {
    "accept": ".uno:AcceptAllTrackedChanges",
    "reject": ".uno:RejectAllTrackedChanges",
    "none": None,
}


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


class Office:
    """One private soffice process and the UNO connection to it."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.proc = None
        self.desktop = None
        self.ctx = None
        self.log_path = None

    def start(self):
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.workdir)
        pipe = "drafter_oracle_%d_%s" % (os.getpid(), uuid.uuid4().hex[:12])
        self.log_path = os.path.join(self.workdir, "soffice-%s.log" % uuid.uuid4().hex[:6])
        soffice = shutil.which("soffice") or "/usr/bin/soffice"
        args = [
            soffice,
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
            "--nolockcheck", "--nofirststartwizard",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ]
        env = dict(os.environ)
        env.setdefault("HOME", self.workdir)
        with open(self.log_path, "wb") as log:
            # own session/process group, so that everything soffice spawns can be killed by pgid
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=env, start_new_session=True,
            )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
        deadline = time.monotonic() + CONNECT_TIMEOUT
        last = None
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("soffice exited with %s before accepting connections: %s"
                                   % (self.proc.returncode, self.log_tail()))
            try:
                self.ctx = resolver.resolve(url)
                break
            except Exception as exc:  # NoConnectException while it starts
                last = exc
                if time.monotonic() > deadline:
                    raise RuntimeError("could not connect to soffice within %.0f s: %s"
                                       % (CONNECT_TIMEOUT, last))
                time.sleep(0.25)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx)

    def log_tail(self, n=2000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace").strip()
        except Exception:
            return ""

    def alive(self):
        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            self.desktop.getComponents()
            return True
        except Exception:
            return False

    def stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge is usually disposed while terminating
        self.desktop = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            # give soffice.bin a moment to finish on its own, then kill whatever is left of the
            # process group we started (oosplash + soffice.bin + helpers)
            for _ in range(50):
                if not _group_alive(self.proc.pid):
                    break
                time.sleep(0.1)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if not _group_alive(self.proc.pid):
                    break
                try:
                    os.killpg(self.proc.pid, sig)
                except OSError:
                    break
                for _ in range(30):
                    if not _group_alive(self.proc.pid):
                        break
                    time.sleep(0.1)
            try:
                self.proc.wait(timeout=5)
            except Exception:
                pass
            self.proc = None


def _group_alive(pgid):
    """Whether a live (non-zombie) process of the group is left. soffice.bin spawns gpg/gpgconf
    when it loads a document; they stay as zombies until init reaps them, and killpg(pgid, 0)
    would count them."""
    try:
        names = os.listdir("/proc")
    except OSError:
        names = None
    if names is None:
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # after "pid (comm) "
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
            return True
    return False


def _supports(obj, service):
    try:
        return bool(obj.supportsService(service))
    except Exception:
        return False


def _collect_text(text, out):
    """Append the paragraphs of an XText (body or cell) to out, tables recursively."""
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if _supports(el, "com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                cell = el.getCellByName(name)
                _collect_text(cell.getText() if hasattr(cell, "getText") else cell, out)
        elif _supports(el, "com.sun.star.text.Paragraph"):
            out.append(el.getString())
        # other content (e.g. section breaks) carries no text of its own


def _count_redlines(doc):
    n = 0
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        enum.nextElement()
        n += 1
    return n


def _count_comments(doc):
    n = 0
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        f = enum.nextElement()
        if _supports(f, "com.sun.star.text.TextField.Annotation") or _supports(
                f, "com.sun.star.text.textfield.Annotation"):
            n += 1
    return n


def judge_one(office, path, action, workdir):
    entry = {"path": path, "action": action, "paragraphs": None, "redlines_before": None,
             "redlines_left": None, "comments": None, "filter": None, "error": None}
    if action not in ACTIONS:
        entry["error"] = "unknown action %r" % (action,)
        return entry
    if not os.path.isfile(path):
        entry["error"] = "no such file: %s" % path
        return entry
    folder = tempfile.mkdtemp(prefix="doc-", dir=workdir)
    copy = os.path.join(folder, os.path.basename(path))
    shutil.copyfile(path, copy)
    doc = None
    try:
        doc = office.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(copy)), "_blank", 0,
            (_prop("Hidden", True), _prop("ReadOnly", False)))
        if doc is None:
            entry["error"] = "LibreOffice could not load the document"
            return entry
        if not _supports(doc, "com.sun.star.text.TextDocument"):
            entry["error"] = "loaded, but not as a text document"
            return entry
        for arg in doc.getArgs():
            if arg.Name == "FilterName":
                entry["filter"] = arg.Value
        entry["redlines_before"] = _count_redlines(doc)
        command = ACTIONS[action]
        if command:
            frame = doc.getCurrentController().getFrame()
            office.dispatcher.executeDispatch(frame, command, "", 0, ())
        entry["redlines_left"] = _count_redlines(doc)
        paragraphs = []
        _collect_text(doc.getText(), paragraphs)
        entry["paragraphs"] = paragraphs
        entry["comments"] = _count_comments(doc)
    except Exception as exc:
        entry["error"] = "%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc)
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                try:
                    doc.dispose()
                except Exception:
                    pass
        shutil.rmtree(folder, ignore_errors=True)
    return entry


def run(job):
    t0 = time.monotonic()
    documents = job.get("documents", [])
    results = []
    workdir = tempfile.mkdtemp(prefix="drafter-lo-oracle-")
    office = None
    startup = None
    try:
        for item in documents:
            path = str(item.get("path", ""))
            action = item.get("action", "none")
            if office is None or not office.alive():
                if office is not None:
                    office.stop()
                office = Office(workdir)
                ts = time.monotonic()
                try:
                    office.start()
                except Exception as exc:
                    office.stop()
                    office = None
                    results.append({"path": path, "action": action, "paragraphs": None,
                                    "redlines_before": None, "redlines_left": None,
                                    "comments": None, "filter": None,
                                    "error": "soffice did not start: %s" % exc})
                    continue
                if startup is None:
                    startup = time.monotonic() - ts
            td = time.monotonic()
            entry = judge_one(office, path, action, workdir)
            if entry["error"] and not office.alive():
                entry["error"] += " (soffice died; log: %s)" % office.log_tail(500)
            entry["seconds"] = round(time.monotonic() - td, 3)
            results.append(entry)
    finally:
        ts = time.monotonic()
        if office is not None:
            office.stop()
        shutdown = time.monotonic() - ts
        shutil.rmtree(workdir, ignore_errors=True)
    return {"documents": results, "startup_seconds": startup, "shutdown_seconds": shutdown,
            "total_seconds": time.monotonic() - t0}


def _sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop soffice


def main(argv):
    signal.signal(signal.SIGTERM, _sigterm)
    if len(argv) != 2:
        sys.stderr.write("usage: /usr/bin/python3 lo_oracle.py JOBFILE\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        job = json.load(f)
    try:
        report = run(job)
    except Exception:
        traceback.print_exc()
        return 1
    sys.stdout.write(json.dumps(report, ensure_ascii=False))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
