"""Property: for random edit lists on random provisions, accepting every revision of the redline gives the
consolidated text and rejecting every one gives the current text (our own reader of revisions); every
revision is authored by an option, every change commented, the markup clean. LibreOffice judges a sample
of the same generator in test_render_libreoffice.py."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, given, settings, strategies as st
from lxml import etree

from drafter.amend import apply_templates
from drafter.errors import DrafterError
from render_cases import BASE, parts, random_templates, render_case
from support.ooxml import accept_all, lint_revisions, reject_all

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.sampled_from(["affected", "affected", "full"]))
def test_accept_and_reject_all_give_the_two_texts_for_random_edits(rng: random.Random, scope: str):
    templates = random_templates(rng)
    try:
        amendment = apply_templates(BASE, templates)
    except DrafterError:
        assume(False)
        return
    r = render_case(amendment, scope)
    redline = parts(r.redline)
    document = redline["word/document.xml"]
    assert accept_all(document) == accept_all(parts(r.amended)["word/document.xml"])
    assert reject_all(document) == accept_all(parts(r.current)["word/document.xml"])
    assert lint_revisions(document, redline.get("word/comments.xml")) == []
    root = etree.fromstring(document)
    authors = {el.get(f"{W}author") for el in root.iter(f"{W}ins", f"{W}del")}
    assert authors <= {t.id for t in templates}
    comments = etree.fromstring(redline["word/comments.xml"]).findall(f"{W}comment")
    assert len(comments) == len(amendment.changes)
