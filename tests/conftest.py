"""Shared test configuration: hypothesis profiles, and a pipe to read files from.

``fast`` (the default) keeps local runs quick; ``thorough`` is what CI runs
(``HYPOTHESIS_PROFILE=thorough``): at least 500 examples per property.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("fast", max_examples=60, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture
def pipe() -> Iterator[Callable[[bytes], str]]:
    """``pipe(data)`` gives a ``/dev/fd/N`` path whose reader gets ``data``, as a shell's
    ``<(command)`` does; a thread writes it so that large data cannot block the test."""
    feeders: list[threading.Thread] = []
    readers: list[int] = []

    def make(data: bytes) -> str:
        read_end, write_end = os.pipe()

        def feed() -> None:
            with os.fdopen(write_end, "wb") as stream:
                stream.write(data)

        feeders.append(threading.Thread(target=feed))
        feeders[-1].start()
        readers.append(read_end)
        return f"/dev/fd/{read_end}"

    yield make
    for feeder in feeders:
        feeder.join()
    for read_end in readers:
        os.close(read_end)
