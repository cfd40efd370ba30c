"""The mapping tables: defaults, a TOML file that adds to them, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from slakit.errors import DataFileError
from slakit.imports.mapping import ResponseRule, SourceMapping, load_mapping, mapping_toml
from slakit.policy import Metric
from slakit.severity import Severity

DEFAULTS = SourceMapping(
    "demo",
    statuses={"Open": "running", "Pending": "paused", "Solved": "resolved"},
    priorities={"Urgent": "P1", "Normal": "sev3"},
    metrics={"reply_time": "response"},
)


def test_names_compare_without_case_or_extra_blanks() -> None:
    assert DEFAULTS.status("  OPEN ") == "running"
    assert DEFAULTS.severity("urgent") is Severity.SEV1
    assert DEFAULTS.metric("Reply_Time") is Metric.RESPONSE
    mapping = SourceMapping("x", statuses={"Waiting  for   customer": "paused"})
    assert mapping.status("waiting for customer") == "paused"


def test_unknown_names_are_none_never_guessed() -> None:
    assert DEFAULTS.status("escalated") is None
    assert DEFAULTS.severity("P1") is None  # "P1" is a severity spelling, not a mapped name
    assert DEFAULTS.metric("agent_work_time") is None


def test_the_response_rule() -> None:
    default = ResponseRule()
    assert default.counts(public=True, by_requester=False)
    assert not default.counts(public=False, by_requester=False)
    assert not default.counts(public=True, by_requester=True)
    anything = ResponseRule(public_only=False, requester_counts=True)
    assert anything.counts(public=False, by_requester=True)


def test_a_file_adds_to_and_overrides_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(
        'contract = "acme"\ntimezone = "Europe/Dublin"\n'
        '[statuses]\n"Pending" = "running"\n"On hold" = "paused"\n'
        '[priorities]\n"P1 - Critical" = "sev1"\n'
        "[response]\npublic_only = false\n",
        encoding="utf-8",
    )
    mapping = load_mapping(DEFAULTS, path)
    assert mapping.status("pending") == "running"  # overridden
    assert mapping.status("on hold") == "paused"  # added
    assert mapping.status("open") == "running"  # kept
    assert mapping.severity("p1 - critical") is Severity.SEV1
    assert (mapping.contract, mapping.timezone, mapping.zone.key) == (
        "acme", "Europe/Dublin", "Europe/Dublin",
    )  # fmt: skip
    assert mapping.response == ResponseRule(public_only=False, requester_counts=False)
    assert mapping.origin == str(path)
    assert load_mapping(DEFAULTS) is DEFAULTS


def test_the_toml_text_reads_back_to_the_same_tables(tmp_path: Path) -> None:
    mapping = SourceMapping(
        "demo", statuses={'say "hi"': "paused"}, priorities={"urgent": "sev1"},
        metrics={"reply_time": "response"}, contract="acme", priority_field="360001",
    )  # fmt: skip
    path = tmp_path / "m.toml"
    path.write_text(mapping_toml(mapping), encoding="utf-8")
    again = load_mapping(SourceMapping("demo"), path)
    assert dict(again.statuses) == dict(mapping.statuses)
    assert dict(again.priorities) == dict(mapping.priorities)
    assert dict(again.metrics) == dict(mapping.metrics)
    assert (again.contract, again.priority_field) == ("acme", "360001")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[statuses]\nopen = 'working'\n", "statuses, 'open': 'working' is not a status effect"),
        ("[priorities]\nurgent = 'sev9'\n", "priorities, 'urgent': "),
        ("[metrics]\nreply_time = 'latency'\n", "metrics, 'reply_time': unknown metric"),
        ("[metrics]\nreply_time = 5\n", "metrics, 'reply_time': 5 is not a metric"),
        ("statuses = 'open'\n", "statuses: must be a table of names"),
        ("colour = 'blue'\n", "unknown key 'colour'; a mapping file has contract, timezone"),
        ("timezone = 'Mars/Olympus'\n", "timezone: unknown timezone 'Mars/Olympus'"),
        ("timezone = 5\n", "timezone: must be text, not 5"),
        ("contract = 'no spaces please'\n", "contract: "),
        ("[response]\npublic_only = 'yes'\n", "response, public_only: must be true or false"),
        ("[response]\nagents = true\n", "response: unknown key 'agents'"),
        ("[statuses\n", "not a valid TOML file"),
    ],
)
def test_bad_mapping_files_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_mapping(DEFAULTS, path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_a_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        load_mapping(DEFAULTS, tmp_path / "nothing.toml")


def test_the_timezone_is_not_given_by_default() -> None:
    # Not given: "" (an importer can tell), read as UTC.
    assert (DEFAULTS.timezone, DEFAULTS.zone.key) == ("", "UTC")
    assert "timezone" not in mapping_toml(DEFAULTS)
    given = DEFAULTS.updated({"timezone": " UTC "}, "m.toml")
    assert (given.timezone, given.zone.key) == ("UTC", "UTC")
    assert mapping_toml(given).startswith('timezone = "UTC"\n')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[statuses]\n"Open" = "paused"\n"open " = "running"\n',
            "statuses: 'Open' and 'open ' are one name (names compare ignoring case and extra "
            "blanks); give it once",
        ),
        (
            '[priorities]\n"P1  critical" = "sev1"\n"p1 critical" = "sev2"\n',
            "priorities: 'P1  critical' and 'p1 critical' are one name",
        ),
    ],
)
def test_one_name_twice_in_a_file_is_an_error_not_the_last_wins(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_mapping(DEFAULTS, path)
    assert str(error.value).startswith(f"{path}, {message}")


def test_a_name_in_another_case_overrides_the_default(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('[statuses]\n"OPEN" = "paused"\n', encoding="utf-8")
    mapping = load_mapping(DEFAULTS, path)
    assert mapping.status("open") == "paused"
    assert [key for key in mapping.statuses if key == "open"] == ["open"]
