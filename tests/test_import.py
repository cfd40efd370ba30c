"""What ``import slakit`` loads, and that its lazily imported public names still work.

Structural, not timed (``benchmarks/bench_import.py`` times it): each check runs in a
fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import slakit


def run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def loaded_after(statement: str) -> set[str]:
    return set(
        json.loads(run(f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"))
    )


def test_import_slakit_loads_no_heavy_modules() -> None:
    loaded = loaded_after("import slakit")
    heavy = ("holidays", "numpy", "pandas", "dask", "matplotlib", "pydantic")
    assert [name for name in loaded if name.split(".")[0] in heavy] == []
    assert {name for name in loaded if name.startswith("slakit")} == {
        "slakit",
        "slakit._frameworks",
        "slakit._text",
        "slakit.catalog",
        "slakit.errors",
    }


def test_a_contract_loads_no_holiday_country_module_until_dates_are_needed() -> None:
    # Validating "IE" reads the holidays package's registry of names, not its countries.
    script = (
        "import slakit\n"
        "contract = slakit.Contract(framework='kmp', tier='premier', region='dublin')\n"
        "import sys\n"
        "print(any(name.startswith('holidays.countries') for name in sys.modules))\n"
        "print(contract.business_calendar.holidays.source)\n"
        "contract.business_calendar.is_open(slakit.Month(2026, 10).start)\n"
        "print(any(name.startswith('holidays.countries') for name in sys.modules))\n"
    )
    assert run(script) == "False\nIE\nTrue\n"


@pytest.mark.parametrize(
    "statement",
    [
        "from slakit.policy import Contract",  # a submodule first: the catalog is registered
        "from slakit import Contract",
        "import slakit; Contract = slakit.Contract",
    ],
)
def test_built_in_frameworks_are_registered_however_slakit_is_imported(statement: str) -> None:
    script = f"{statement}\nprint(Contract(framework='kmp', tier='basic', region='austin').tier)"
    assert run(script) == "basic\n"


def test_every_public_name_resolves_and_is_listed_by_dir() -> None:
    script = (
        "import slakit\n"
        "missing = [name for name in slakit.__all__ if name not in dir(slakit)]\n"
        "values = [getattr(slakit, name) for name in slakit.__all__]\n"
        "print(missing, len(values) == len(slakit.__all__), '__version__' in dir(slakit))\n"
        "from slakit import *\n"
        "print(callable(evaluate), Contract.__module__)\n"
    )
    assert run(script) == "[] True True\nTrue slakit.policy\n"


def test_names_shared_with_submodules_stay_the_functions() -> None:
    # slakit.availability and slakit.month_end are functions, even once their modules (of
    # the same names) are imported by something else first.
    script = (
        "import slakit.credits, slakit.month_end, slakit.availability\n"
        "import slakit\n"
        "print(slakit.availability.__module__, type(slakit.availability).__name__)\n"
        "print(slakit.month_end.__module__, type(slakit.month_end).__name__)\n"
        "from slakit import availability, month_end\n"
        "print(availability is slakit.availability, month_end is slakit.month_end)\n"
    )
    assert run(script) == ("slakit.availability function\nslakit.month_end function\nTrue True\n")


def test_submodules_are_attributes_of_slakit_on_first_use() -> None:
    # As when every module was imported at once: import slakit, then slakit.clock.x().
    script = (
        "import sys\nfrom datetime import timedelta\nimport slakit\n"
        "print('slakit.policy_files' in sys.modules)\n"
        "print(slakit.policy_files.framework_schema()['title'])\n"
        "print(slakit.clock.duration_text(-timedelta(minutes=25)))\n"
        "print(slakit.pandas.__name__, slakit.plot.__name__, slakit.dask.__name__)\n"
        "print(type(slakit.month_end).__name__, type(slakit.availability).__name__)\n"
        "print(hasattr(slakit, 'nope'), hasattr(slakit, 'demo_data'))\n"
    )
    assert run(script) == (
        "False\nFramework\n-25m\nslakit.pandas slakit.plot slakit.dask\n"
        "function function\nFalse False\n"
    )


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'slakit' has no attribute 'Contrakt'"):
        slakit.Contrakt  # noqa: B018  # the lookup itself is the test


def test_the_version_is_the_installed_metadata() -> None:
    from importlib import metadata

    assert slakit.__version__ == metadata.version("slakit")
