"""Make the independent reference (``tests/reference.py``) importable as ``reference``.

``tests/`` is not a package, so the property tests find the oracle through
``sys.path`` rather than a relative import.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parent.parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
