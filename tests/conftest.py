"""Shared test configuration: hypothesis profiles.

``fast`` (the default) keeps local runs quick; ``thorough`` is what CI runs
(``HYPOTHESIS_PROFILE=thorough``): at least 500 examples per property.
"""

from __future__ import annotations

import os

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
