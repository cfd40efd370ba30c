"""slakit.policy_files: policy and contract files (TOML and JSON), their errors, their schema."""

from __future__ import annotations

import json
import os
import re
import tomllib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from slakit import (
    BusinessDays,
    Calendar,
    Contract,
    Framework,
    Money,
    Target,
    catalog,
    load_contract,
    load_framework,
    write_schema,
)
from slakit.errors import OutputFileError, PolicyError
from slakit.policy_files import contract_schema, load_contract_folder, parse_policy_text
from timing import finishes_within

ACME_TOML = """
name = "acme"
title = "Acme Support"
availability_target = "99.95%"

[tiers.gold]
coverage = "16x5"
compliance_goal = "99.5%"
annual_price = { low = "10000", high = "20000", currency = "EUR" }

[tiers.gold.targets]
P1 = { response = "15m 24x7", resolution = "4h 24x7" }
P2 = { response = "2h", resolution = "8h" }
P3 = { response = "4h", resolution = "3 business days" }
P4 = { response = "8h", resolution = "5 business days" }

[tiers.silver]
coverage = "8x5"

[tiers.silver.targets]
sev1 = { response = "1h", resolution = "8h" }
sev2 = { response = "4h", resolution = "16h" }
sev3 = { response = "8h", resolution = "5 business days" }
sev4 = { response = "16h", resolution = "10 business days" }

[credit_policy]
cap = "50%"
availability_bands = [{ below = "99.95%", credit = "5%" }]
incident_credits = [
    { severity = "P1", metric = "response", over = "30m", amount = "EUR 1,000" },
]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check_acme(acme: Framework) -> None:
    assert acme.name == "acme"
    assert acme.title == "Acme Support"
    assert acme.availability_target == Decimal("0.9995")
    assert acme.tier_names == ["gold", "silver"]
    gold = acme.tier("gold")
    assert gold.coverage == "16x5"
    assert gold.compliance_goal == Decimal("0.995")
    assert gold.annual_price is not None
    assert gold.annual_price.low == Money(amount=Decimal(10000), currency="EUR")
    assert gold.annual_price.high == Money(amount=Decimal(20000), currency="EUR")
    assert gold.target("P1", "response") == Target(duration=timedelta(minutes=15), clock="24x7")
    assert gold.target("P2", "resolution") == Target(duration=timedelta(hours=8))
    assert gold.target("P4", "resolution") == BusinessDays(5)
    silver = acme.tier("silver")
    assert silver.coverage == "8x5"
    assert silver.target("sev4", "resolution") == BusinessDays(10)
    assert acme.credit_policy is not None
    assert acme.credit_policy.cap == Decimal("0.5")
    assert acme.credit_policy.availability_bands[0].below == Decimal("0.9995")
    (credit,) = acme.credit_policy.incident_credits
    assert credit.over == timedelta(minutes=30)
    assert credit.amount == Money(amount=Decimal(1000), currency="EUR")


def test_load_framework_from_toml(tmp_path: Path) -> None:
    check_acme(load_framework(write(tmp_path, "acme.toml", ACME_TOML)))


def test_load_framework_accepts_a_string_path(tmp_path: Path) -> None:
    check_acme(load_framework(str(write(tmp_path, "acme.toml", ACME_TOML))))


def test_load_framework_from_json(tmp_path: Path) -> None:
    data = tomllib.loads(ACME_TOML)
    check_acme(load_framework(write(tmp_path, "acme.json", json.dumps(data))))


def test_a_dumped_framework_loads_back_unchanged(tmp_path: Path) -> None:
    for name in ("kmp", "truststram"):
        framework = catalog.get(name)
        path = write(tmp_path, f"{name}.json", framework.model_dump_json(indent=2))
        assert load_framework(path) == framework


def test_the_json_suffix_decides_the_format_case_insensitively(tmp_path: Path) -> None:
    framework = catalog.get("kmp")
    assert load_framework(write(tmp_path, "KMP.JSON", framework.model_dump_json())) == framework


def test_load_contract_from_toml_with_a_catalog_framework(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "customer.toml",
        'framework = "kmp"\n'
        'tier = "Premier"\n'
        'region = "dublin"\n'
        'monthly_fee = "USD 10,000"\n'
        'billing_timezone = "Europe/Dublin"\n'
        'severity_change = "restart"\n'
        'customer = "Contoso"\n',
    )
    contract = load_contract(path)
    assert contract == Contract(
        framework="kmp",
        tier="premier",
        region="dublin",
        monthly_fee="USD 10,000",
        billing_timezone="Europe/Dublin",
        severity_change="restart",
        customer="Contoso",
        id="customer",  # the file's stem: the file gives no id
    )
    assert contract.framework is catalog.get("kmp")


def test_load_contract_with_an_inline_framework_and_calendar(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "inline.toml",
        'tier = "gold"\n'
        "[calendar]\n"
        'timezone = "Europe/Amsterdam"\n'
        'hours = { mon-fri = "08:00-18:00" }\n'
        'holidays = "NL"\n'
        "[framework]\n"
        + ACME_TOML.replace("[tiers.", "[framework.tiers.").replace(
            "[credit_policy]", "[framework.credit_policy]"
        ),
    )
    contract = load_contract(path)
    check_acme(contract.framework)
    assert contract.tier == "gold"
    calendar = contract.business_calendar
    assert isinstance(calendar, Calendar)
    assert calendar.timezone == "Europe/Amsterdam"
    assert calendar.hours.mon == ("08:00-18:00",)


def test_load_contract_from_json(tmp_path: Path) -> None:
    contract = Contract(framework="truststram", tier="gold", region="amsterdam")
    path = write(tmp_path, "contract.json", contract.model_dump_json())
    assert load_contract(path) == contract  # the dump's "id": "" is an id given
    short = write(
        tmp_path,
        "short.json",
        json.dumps({"framework": "truststram", "tier": "gold", "region": "amsterdam"}),
    )
    assert load_contract(short) == Contract(
        framework="truststram", tier="gold", region="amsterdam", id="short"
    )


# --------------------------------------------------------------------------- errors


def message(raised: pytest.ExceptionInfo[PolicyError]) -> str:
    return str(raised.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert message(raised) == f"{path}: no such file"
    with pytest.raises(PolicyError, match="no such file"):
        load_contract(tmp_path / "missing.json")


@pytest.mark.parametrize("text", ["", "   \n\n  \t"])
@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_empty_file(tmp_path: Path, text: str, suffix: str) -> None:
    path = write(tmp_path, f"empty.{suffix}", text)
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert message(raised) == f"{path}: the file is empty"


def test_malformed_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", 'name = "acme"\n[tiers.gold\n')
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert message(raised).startswith(f"{path}: not valid TOML: ")
    assert "line 2" in message(raised)


def test_malformed_json(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", "{name: 1}")
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: not valid JSON: ")


def test_json_top_level_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, "list.json", "[1, 2]")
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert message(raised) == f"{path}: the top level must be a table (an object)"


def test_a_wrong_field_names_the_file_and_the_path_as_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.toml",
        ACME_TOML.replace('P2 = { response = "2h"', 'P2 = { response = "2 hourz"'),
    )
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert message(raised) == (
        f'{path}: tiers.gold.targets.P2.response: "2 hourz" is not a duration; '
        'write e.g. "2h", "30m", "5 business days"'
    )


def test_the_path_uses_the_tier_name_and_severity_key_of_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.toml",
        ACME_TOML.replace(
            'sev3 = { response = "8h", resolution = "5 business days" }',
            'sev3 = { response = "8h", resolution = "5 business dayz" }',
        ),
    )
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    assert 'tiers.silver.targets.sev3.resolution: "5 business dayz" is not a duration' in (
        message(raised)
    )


def test_every_problem_is_reported(tmp_path: Path) -> None:
    text = ACME_TOML.replace('compliance_goal = "99.5%"', 'compliance_goal = "101%"').replace(
        'P4 = { response = "8h", resolution = "5 business days" }',
        'P4 = { response = "8h", resolution = "5 business days", extra = 1 }',
    )
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(PolicyError) as raised:
        load_framework(path)
    text = message(raised)
    assert text.startswith(f"{path}: ")
    assert "tiers.gold.targets.P4.extra: Extra inputs are not permitted" in text
    assert "tiers.gold.compliance_goal: '101%' is not a percentage between 0% and 100%" in text


def test_a_wrong_field_in_a_json_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contract.json",
        json.dumps(
            {
                "framework": "kmp",
                "tier": "premier",
                "region": "dublin",
                "billing_timezone": "Nowhere/Land",
            }
        ),
    )
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised) == (
        f"{path}: billing_timezone: unknown timezone 'Nowhere/Land'; use an IANA name such as "
        "Europe/Dublin, America/Chicago or UTC"
    )


def test_a_wrong_field_in_an_inline_framework(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contract.toml",
        'tier = "gold"\nregion = "dublin"\n'
        '[framework]\nname = "acme"\n'
        "[framework.tiers.gold.targets]\n"
        'P1 = { response = "15m 24x7", resolution = "4h" }\n'
        'P2 = { response = "2h", resolution = "8h" }\n'
        'P3 = { response = "2h", resolution = "24h" }\n'
        'P4 = { response = "4h", resolution = "5 business dayz" }\n',
    )
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: ")
    assert 'framework.tiers.gold.targets.P4.resolution: "5 business dayz" is not a duration' in (
        message(raised)
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            'framework = "kmp"\ntier = "gold"\nregion = "dublin"\n',
            "kmp has no tier 'gold'; its tiers: premier, standard, basic",
        ),
        (
            'framework = "kmp"\ntier = "premier"\nregion = "paris"\n',
            "region: unknown region 'paris'; known regions: amsterdam, austin, dublin, singapore",
        ),
        (
            'framework = "acme"\ntier = "premier"\nregion = "dublin"\n',
            "framework: unknown framework 'acme'; built-in frameworks: kmp, truststram",
        ),
        (
            'framework = "kmp"\ntier = "premier"\n',
            "give exactly one of region and calendar",
        ),
        (
            'framework = "kmp"\ntier = "premier"\nregion = "dublin"\nmonthly_fee = "10000"\n',
            "monthly_fee: '10000' is not an amount of money",
        ),
    ],
)
def test_contract_file_errors(tmp_path: Path, lines: str, expected: str) -> None:
    path = write(tmp_path, "contract.toml", lines)
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: ")
    assert expected in message(raised)


# --------------------------------------------------------------------------- schema


def test_write_schema_for_frameworks(tmp_path: Path) -> None:
    path = tmp_path / "framework.schema.json"
    write_schema(path)
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["type"] == "object"
    assert set(schema["properties"]) >= {
        "name",
        "title",
        "tiers",
        "availability_target",
        "credit_policy",
    }
    assert "name" in schema["required"]
    assert "tiers" in schema["required"]
    text = path.read_text(encoding="utf-8")
    for field in ("targets", "coverage", "compliance_goal", "availability_bands", "cap"):
        assert f'"{field}"' in text


def test_write_schema_for_contracts(tmp_path: Path) -> None:
    path = tmp_path / "contract.schema.json"
    write_schema(path, "contract")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert set(schema["properties"]) >= {
        "framework",
        "tier",
        "region",
        "calendar",
        "monthly_fee",
        "billing_timezone",
        "severity_change",
    }
    assert {"framework", "tier"} <= set(schema["required"])


def test_write_schema_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="unknown schema 'ticket'; known: framework, contract"):
        write_schema(tmp_path / "x.json", "ticket")
    assert not (tmp_path / "x.json").exists()


# --------------------------------------------------------------------------- files as they come

CONTRACT_TOML = 'framework = "kmp"\ntier = "premier"\nregion = "dublin"\n'
CONTRACT_JSON = '{"framework": "kmp", "tier": "premier", "region": "dublin"}'
DUBLIN_PREMIER = Contract(framework="kmp", tier="premier", region="dublin", id="c")


@pytest.mark.parametrize(("name", "text"), [("c.toml", CONTRACT_TOML), ("c.json", CONTRACT_JSON)])
def test_a_byte_order_mark_is_allowed(tmp_path: Path, name: str, text: str) -> None:
    # Windows editors save "UTF-8 with BOM"; the mark is not part of the data.
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_contract(path) == DUBLIN_PREMIER


def test_a_repeated_json_key_is_refused(tmp_path: Path) -> None:
    # json.loads would keep the last "tier" silently; TOML refuses the same file.
    path = write(
        tmp_path,
        "c.json",
        '{"framework": "kmp", "tier": "premier", "region": "dublin", "tier": "basic"}',
    )
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised) == f"{path}: not valid JSON: the key 'tier' appears twice in one object"


def test_a_repeated_json_key_in_a_nested_object_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.json",
        '{"framework": "kmp", "tier": "premier", "calendar": '
        '{"timezone": "UTC", "timezone": "Europe/Dublin", "hours": {}}}',
    )
    with pytest.raises(PolicyError, match="the key 'timezone' appears twice in one object"):
        load_contract(path)


def test_a_repeated_toml_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", CONTRACT_TOML + 'tier = "basic"\n')
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: not valid TOML: Cannot overwrite a value")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep.json", '{"a": ' * 100_000 + "1" + "}" * 100_000),
        ("deep.toml", "a = " + "[" * 40 + "]" * 40 + "\n"),  # parses, then too deep
    ],
)
def test_deep_nesting_is_a_policy_error_never_a_recursion_error(
    tmp_path: Path, name: str, text: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised) == (
        f"{path}: tables and lists nest more than 32 levels deep; a policy file needs only a few"
    )


def test_an_integer_too_long_for_python_is_a_policy_error(tmp_path: Path) -> None:
    # Python refuses to convert more than 4,300 digits (a ValueError outside JSONDecodeError).
    path = write(tmp_path, "c.json", '{"framework": "kmp", "tier": ' + "9" * 5000 + "}")
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: not valid JSON: Exceeds the limit (4300 digits)")


def test_nan_in_json_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", '{"framework": "kmp", "tier": NaN}')
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised) == (
        f"{path}: not valid JSON: NaN is not a number slakit accepts; write the value as text"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "billing_timezone = 5",
            "billing_timezone: 5 (int) is not a timezone name; use an IANA name such as "
            "Europe/Dublin, America/Chicago or UTC",
        ),
        (
            'billing_timezone = "America"',  # a folder of zones, not a zone
            "billing_timezone: unknown timezone 'America'; use an IANA name such as "
            "Europe/Dublin, America/Chicago or UTC",
        ),
        (
            "billing_timezone = [1]",
            "billing_timezone: [1] (list) is not a timezone name",
        ),
    ],
)
def test_a_wrong_billing_timezone_names_the_field(tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, "c.toml", CONTRACT_TOML + line + "\n")
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: {expected}")


# -------------------------------------------------------------------- bounds before parsing

TOO_DEEP = "tables and lists nest more than 32 levels deep; a policy file needs only a few"


@pytest.mark.parametrize(
    "text",
    [
        "a" + ".a" * 30_000 + " = 1\n",  # tomllib needed 3.5 GB and 15 s for this one
        "[" + "a." * 30_000 + "a]\nx = 1\n",
        "[[" + "a ." * 30_000 + " a]]\nx = 1\n",
        'x = { "q"' + '."q"' * 30_000 + " = 1 }\n",
        "a" + ".a" * 32 + " = 1\n",  # 33 parts: one too many
    ],
    ids=["key", "table", "array-of-tables", "quoted-parts-inline", "33-parts"],
)
def test_a_long_dotted_key_is_refused_before_toml_parses_it(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "c.toml", CONTRACT_TOML + text)
    with pytest.raises(PolicyError) as raised:
        finishes_within(10, lambda: load_contract(path))
    assert message(raised) == f"{path}: {TOO_DEEP}"


def test_dots_in_strings_and_comments_are_not_key_parts() -> None:
    dots = "a" + ".a" * 40
    text = (
        f'"{dots}" = "{dots}"\n'
        f"'z.{dots}' = '''{dots}\n{dots}'''\n"
        f'b = """{dots}\\"""{dots}"""  # {dots}\n'
        + "c"
        + ".c" * 31
        + " = 1\n"  # 32 parts: the most allowed
    )
    data = parse_policy_text(text, "c.toml")
    assert data[dots] == dots and data["b"] == f'{dots}"""{dots}'
    node = data["c"]
    for _ in range(31):
        node = node["c"]
    assert node == 1


def test_a_policy_file_without_end_stops_at_16_mib() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(PolicyError) as raised:
        finishes_within(20, lambda: load_contract("/dev/zero"))
    assert message(raised) == (
        "/dev/zero: the file is larger than 16 MiB (16,777,216 bytes), the limit for this "
        "kind of file"
    )


def test_a_policy_file_over_16_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    with path.open("wb") as stream:
        stream.truncate((16 << 20) + 1)  # sparse: nothing is written
    with pytest.raises(PolicyError) as raised:
        finishes_within(10, lambda: load_contract(path))
    assert message(raised) == (
        f"{path}: the file is larger than 16 MiB (16,777,216 bytes), the limit for this "
        "kind of file"
    )


def test_only_one_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" * 2 + CONTRACT_TOML.encode())
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: not valid TOML: Invalid statement (at line 1")


# -------------------------------------------------------------------- writing the schema


def test_write_schema_refuses_a_fifo_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    with pytest.raises(OutputFileError) as raised:
        finishes_within(10, lambda: write_schema(fifo))
    assert message(raised).startswith(
        f"cannot write {fifo}: it is a FIFO (named pipe), not a regular file;"
    )


def test_write_schema_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "schema.json"
    with pytest.raises(OutputFileError) as raised:
        write_schema(path)
    folder = tmp_path / "nowhere"
    assert message(raised) == f"cannot write {path}: the folder {folder} does not exist"


# -------------------------------------------------------------------- what policies.md promises

CALENDAR_CONTRACT = (
    'framework = "kmp"\ntier = "premier"\n'
    '[calendar]\ntimezone = "UTC"\nhours = { mon-fri = "09:00-17:00" }\n'
)


@pytest.mark.parametrize("value", ['"16h"', '"PT16H"', "57600"])
def test_business_day_spellings_of_policies_md(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "c.toml", CALENDAR_CONTRACT + f"business_day = {value}\n")
    assert load_contract(path).business_calendar.business_day == timedelta(hours=16)


@pytest.mark.parametrize("value", ["0", "57600.0"])
def test_business_day_zero_or_a_float_is_refused(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "c.toml", CALENDAR_CONTRACT + f"business_day = {value}\n")
    with pytest.raises(PolicyError, match=r"calendar\.business_day: "):
        load_contract(path)


# --------------------------------------------------------------------------- contract ids


def test_a_contract_s_id_is_its_file_s_stem_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, "kmp-premier-dublin.toml", CONTRACT_TOML)
    assert load_contract(path).id == "kmp-premier-dublin"
    assert load_contract(write(tmp_path, "acme.v2.json", CONTRACT_JSON)).id == "acme.v2"


def test_an_id_field_wins_over_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "old name.toml", 'id = "acme-gold"\n' + CONTRACT_TOML)
    assert load_contract(path).id == "acme-gold"


def test_a_stem_that_cannot_be_an_id_asks_for_an_id_field(tmp_path: Path) -> None:
    path = write(tmp_path, "acme gold.toml", CONTRACT_TOML)
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised) == (
        f"{path}: the file gives no id, and its name cannot be one: 'acme gold' is not a "
        "contract id; an id is 1 to 128 letters, digits, '.', '_' or '-', starting with a "
        'letter or digit, e.g. kmp-premier-dublin; give the contract an id field (id = "...") '
        "or rename the file"
    )


def test_a_bad_id_field_names_the_file_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.toml", 'id = "acme/gold"\n' + CONTRACT_TOML)
    with pytest.raises(PolicyError) as raised:
        load_contract(path)
    assert message(raised).startswith(f"{path}: id: 'acme/gold' is not a contract id; ")


def test_services_in_a_contract_file(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.toml", CONTRACT_TOML + 'services = ["api", "web"]\n')
    assert load_contract(path).services == ("api", "web")
    bad = write(tmp_path, "bad.toml", CONTRACT_TOML + 'services = ["api", ""]\n')
    with pytest.raises(PolicyError) as raised:
        load_contract(bad)
    assert message(raised) == f"{bad}: services: a service id must not be empty"


def test_the_contract_schema_describes_id_and_services() -> None:
    import jsonschema

    schema = contract_schema()
    assert {"id", "services"} <= set(schema["properties"])
    assert "id" not in schema["required"]
    validator = jsonschema.Draft202012Validator(schema)
    contract = {"framework": "kmp", "tier": "premier", "region": "dublin"}
    good = {**contract, "id": "acme-gold", "services": ["api"]}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**contract, "id": ""})) == []
    for bad in ({"id": "acme gold"}, {"id": "-acme"}, {"services": ["web app"]}):
        assert list(validator.iter_errors({**contract, **bad})) != [], bad


# -- a folder of contracts ---------------------------------------------------------------------

KMP_PREMIER = 'framework = "kmp"\ntier = "premier"\nregion = "dublin"\n'


def test_a_contract_folder_reads_every_toml_and_json_file_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "globex.TOML").write_text(KMP_PREMIER)  # review: this one was skipped
    (tmp_path / "acme.toml").write_text(KMP_PREMIER)
    (tmp_path / "initech.Json").write_text(
        json.dumps({"framework": "kmp", "tier": "basic", "region": "austin"})
    )
    (tmp_path / "zeta.toml").write_text('id = "beta"\n' + KMP_PREMIER)
    (tmp_path / "README.md").write_text("not a contract")
    (tmp_path / ".draft.toml").write_text("not even TOML")  # hidden: an editor's file
    (tmp_path / "old.toml").mkdir()  # a folder, whatever its name
    (tmp_path / "old.toml" / "acme.toml").write_text(KMP_PREMIER)
    found = load_contract_folder(tmp_path)
    assert [(path.name, contract.id) for path, contract in found] == [
        ("acme.toml", "acme"),
        ("zeta.toml", "beta"),
        ("globex.TOML", "globex"),
        ("initech.Json", "initech"),
    ]
    assert [contract.tier for _, contract in found] == ["premier", "premier", "premier", "basic"]
    assert load_contract_folder(str(tmp_path)) == found


def test_a_folder_without_contract_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(PolicyError) as raised:
        load_contract_folder(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}: no contract files (*.toml or *.json, the extension in any case)"
    )
    with pytest.raises(PolicyError) as raised:
        load_contract_folder(tmp_path / "missing")
    assert str(raised.value) == f"{tmp_path / 'missing'}: no such folder of contract files"
    with pytest.raises(PolicyError) as raised:
        load_contract_folder(tmp_path / "notes.txt")
    assert str(raised.value) == (
        f"{tmp_path / 'notes.txt'}: not a folder; give the folder of contract files"
    )


def test_two_contracts_with_one_id_are_refused_naming_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('id = "same"\n' + KMP_PREMIER)
    (tmp_path / "b.json").write_text(
        json.dumps({"id": "same", "framework": "kmp", "tier": "basic", "region": "austin"})
    )
    with pytest.raises(PolicyError) as raised:
        load_contract_folder(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'b.json'}: contract id 'same' is already the id of {tmp_path / 'a.toml'}; "
        "give each contract its own id"
    )


def test_ids_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(KMP_PREMIER)
    (tmp_path / "other.toml").write_text('id = "ACME"\n' + KMP_PREMIER)
    with pytest.raises(PolicyError) as raised:
        load_contract_folder(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'other.toml'}: contract id 'ACME' differs only in case from 'acme', the id "
        f"of {tmp_path / 'acme.toml'}; such ids would name one output file on macOS and "
        "Windows, so give each contract its own id"
    )


def test_a_wrong_contract_file_in_a_folder_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(KMP_PREMIER)
    (tmp_path / "globex.toml").write_text(KMP_PREMIER.replace("premier", "platinum"))
    with pytest.raises(
        PolicyError,
        match=rf"^{re.escape(str(tmp_path / 'globex.toml'))}: kmp has no tier 'platinum'",
    ):
        load_contract_folder(tmp_path)


def test_a_contract_file_gives_its_own_incident_amounts(tmp_path: Path) -> None:
    path = tmp_path / "liffey-eur.toml"
    path.write_text(
        KMP_PREMIER
        + 'monthly_fee = "EUR 11,500"\n'
        + 'minimum_credit = "EUR 50"\n'
        + "incident_credits = [\n"
        + '  { severity = "SEV1", metric = "response", over = "1h", amount = "EUR 4,600" },\n'
        + "]\n"
    )
    contract = load_contract(path)
    policy = contract.credit_policy
    assert policy is not None
    assert [
        (rule.severity.value, rule.over, str(rule.amount)) for rule in policy.incident_credits
    ] == [("SEV1", timedelta(hours=1), "EUR 4,600.00")]
    assert str(policy.minimum_credit) == "EUR 50.00"
    schema = contract_schema()
    assert {"incident_credits", "minimum_credit"} <= set(schema["properties"])
    data = tomllib.loads(path.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert [error.message for error in validator.iter_errors(data)] == []
    data["incident_credits"][0]["metric"] = "uptime"
    assert list(validator.iter_errors(data)) != []
    data["incident_credits"][0]["metric"] = "response"
    path.write_text(path.read_text().replace("EUR 4,600", "USD 4,600"))
    with pytest.raises(PolicyError, match=rf"^{re.escape(str(path))}: the contract.s incident_cr"):
        load_contract(path)
