"""Shared pytest setup: ``tests/`` on sys.path (so ``from support.oracle import judge`` works
without a tests package) and the ``libreoffice`` marker."""

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "libreoffice: needs LibreOffice with python3-uno (the real-consumer judge)")
