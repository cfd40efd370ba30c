"""A bound on how long a call may take, for tests of inputs that used to hang.

Each call runs on a daemon thread: a regression (a regular expression that
backtracks again, a loop that never ends) fails its test after a generous
bound instead of stalling the whole suite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def finishes_within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``'s result (or its exception), failing if it runs longer than ``seconds``."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
