"""Parameters as data: every statutory value is dated, has a unit and a legal
reference; the history is representable; bad files give clear errors."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from simulator.inputs.parameters import (
    SCHEME_START,
    UNITS,
    DateOutOfRange,
    ParameterError,
    load_parameters,
)

PARAMETER_DIR = Path(__file__).resolve().parents[2] / "simulator" / "inputs" / "statutory"


@pytest.fixture(scope="module")
def params():
    return load_parameters()


# --------------------------------------------------------------------------- shipped files


def _raw_parameters():
    """Walk the YAML files directly (not through the loader) and yield
    (file, path, node) for every parameter, so this test is independent of
    the loader's own checks."""
    for file in sorted(PARAMETER_DIR.glob("*.yaml")):
        tree = yaml.safe_load(file.read_text())

        def walk(node, path, file=file):
            if "values" in node:
                yield file.name, path, node
                return
            for key, child in node.items():
                if isinstance(child, dict):
                    yield from walk(child, f"{path}.{key}")

        yield from walk(tree, file.stem)


RAW = list(_raw_parameters())


def test_every_statutory_area_has_a_file():
    names = {f.stem for f in PARAMETER_DIR.glob("*.yaml")}
    assert {"income", "rates", "shared_care", "variations", "fees"} <= names
    assert {
        "income_tax",
        "national_insurance",
        "universal_credit",
        "child_benefit",
        "hbai",
    } <= names


@pytest.mark.parametrize(("file", "path", "node"), RAW, ids=[r[1] for r in RAW])
def test_every_value_has_date_unit_and_reference(file, path, node):
    assert node.get("unit") in UNITS, f"{file} {path}: missing or unknown unit"
    assert node.get("description"), f"{file} {path}: missing description"
    dates = list(node["values"])
    assert dates, f"{file} {path}: no values"
    for start in dates:
        assert isinstance(start, dt.date), f"{file} {path}: '{start}' is not a date"
        entry = node["values"][start]
        refs = entry.get("reference")
        assert refs, f"{file} {path} {start}: no reference"
        for ref in refs:
            assert ref.get("title"), f"{file} {path} {start}: reference without title"
            assert str(ref.get("href", "")).startswith("https://"), (
                f"{file} {path} {start}: reference without a link"
            )
    assert dates == sorted(dates) and len(set(dates)) == len(dates), (
        f"{file} {path}: dates out of order"
    )


def test_loader_reads_every_parameter(params):
    assert set(params) == {path for _, path, _ in RAW}


STATUTORY_VALUES = [
    # (parameter, date, expected value, why)
    ("rates.flat_rate.amount", "2013-11-24", 5, "pathfinder flat rate"),
    ("rates.flat_rate.amount", "2013-11-25", 7, "£7 from 25 Nov 2013 (SI 2013/2947)"),
    ("rates.flat_rate.half_rate_fraction", "2026-04-01", 0.5, "half flat rate, para 4(2)"),
    ("rates.nil_rate.income_threshold", "2026-04-01", 7, "nil below £7"),
    ("rates.reduced_rate.lower_income_limit", "2026-04-01", 100, "flat at £100 or less"),
    ("rates.reduced_rate.upper_income_limit", "2026-04-01", 200, "basic from £200"),
    (
        "rates.reduced_rate.percentages",
        "2013-06-01",
        [[0.19, 0.164, 0.156, 0.152], [0.27, 0.235, 0.225, 0.219], [0.33, 0.288, 0.277, 0.269]],
        "table as made",
    ),
    (
        "rates.reduced_rate.percentages",
        "2026-04-01",
        [[0.17, 0.141, 0.132, 0.124], [0.25, 0.212, 0.199, 0.189], [0.31, 0.264, 0.249, 0.238]],
        "SI 2013/1654 table",
    ),
    ("rates.basic_rate.percentages", "2026-04-01", [0.12, 0.16, 0.19], "para 2(1)"),
    ("rates.basic_rate.plus_percentages", "2026-04-01", [0.09, 0.12, 0.15], "para 2(2)"),
    ("rates.basic_rate.plus_threshold", "2026-04-01", 800, "para 2(2)"),
    ("rates.relevant_other_children.reductions", "2026-04-01", [0.11, 0.14, 0.16], "para 2(3)"),
    ("rates.relevant_non_resident_children.minimum_amount", "2026-04-01", 7, "para 5A"),
    ("rates.default_rate.amounts", "2026-04-01", [39, 51, 64], "reg 49 as made"),
    ("income.capped_amount", "2026-04-01", 3000, "para 10(3)"),
    ("income.change_tolerance", "2026-04-01", 0.25, "reg 23"),
    ("shared_care.band_minimum_nights", "2026-04-01", [52, 104, 156, 175], "para 7(4)"),
    ("shared_care.band_fractions", "2026-04-01", [1 / 7, 2 / 7, 3 / 7, 1 / 2], "para 7(4)"),
    ("shared_care.equal_care_reduction_per_child", "2026-04-01", 7, "para 7(6)"),
    ("shared_care.minimum_liability", "2013-06-01", 5, "£5 floor before 25 Nov 2013"),
    ("shared_care.minimum_liability", "2026-04-01", 7, "para 7(7)"),
    ("variations.special_expenses.threshold_weekly", "2026-04-01", 10, "reg 68"),
    ("variations.unearned_income.threshold_annual", "2026-04-01", 2500, "reg 69"),
    ("variations.notional_income_from_assets.available", "2018-12-12", False, "before reg 69A"),
    ("variations.notional_income_from_assets.available", "2018-12-13", True, "reg 69A"),
    ("variations.notional_income_from_assets.asset_threshold", "2026-04-01", 31250, "reg 69A"),
    ("variations.notional_income_from_assets.yield_annual", "2026-04-01", 0.08, "reg 69A"),
    ("fees.application.fee", "2014-06-29", 0, "no fee before SI 2014/612"),
    ("fees.application.fee", "2014-06-30", 20, "£20 fee"),
    ("fees.application.fee", "2024-02-25", 20, "last day of the £20 fee"),
    ("fees.application.fee", "2024-02-26", 0, "abolished by SI 2024/87"),
    ("fees.collection.paying_parent_rate", "2014-08-10", 0, "before collection fees"),
    ("fees.collection.paying_parent_rate", "2014-08-11", 0.20, "20% on top"),
    ("fees.collection.receiving_parent_rate", "2026-04-01", 0.04, "4% deducted"),
    ("fees.enforcement.deduction_from_earnings_order", "2026-04-01", 50, "reg 10"),
    ("fees.enforcement.regular_deduction_order", "2026-04-01", 50, "reg 10"),
    ("fees.enforcement.lump_sum_deduction_order", "2026-04-01", 200, "reg 10"),
    ("fees.enforcement.liability_order", "2026-04-01", 300, "reg 10"),
]


@pytest.mark.parametrize(
    ("path", "when", "expected", "why"),
    STATUTORY_VALUES,
    ids=[f"{r[0]}@{r[1]}" for r in STATUTORY_VALUES],
)
def test_value_in_force_on_a_date(params, path, when, expected, why):
    value = params.at(when).get(path)
    if isinstance(expected, bool):
        assert value is expected, why
    else:
        np.testing.assert_allclose(value, expected, err_msg=why)


def test_notional_threshold_not_in_force_before_its_ground(params):
    assert params.at("2018-12-12").variations.notional_income_from_assets.asset_threshold is None


def test_dates_before_the_2012_scheme_are_refused(params):
    with pytest.raises(DateOutOfRange, match="2012-12-10"):
        params.at("2012-12-09")
    assert params.at(SCHEME_START).rates.flat_rate.amount == 5


def test_snapshot_is_read_only(params):
    p = params.at("2026-04-01")
    with pytest.raises(AttributeError):
        p.rates.flat_rate.amount = 10
    with pytest.raises(ValueError):
        p.rates.basic_rate.percentages[0] = 0.5
    with pytest.raises(TypeError):
        params._parameters["rates.flat_rate.amount"] = None


def test_snapshot_cites_its_references(params):
    entry = params.at("2026-04-01").entry("rates.flat_rate.amount")
    assert entry.start == dt.date(2013, 11, 25)
    assert "para. 4(1)" in entry.references[0].title


def test_period_index_groups_dates(params):
    dates = np.array(
        ["2013-01-01", "2013-11-25", "2026-04-01", "2027-01-01"], dtype="datetime64[D]"
    )
    changes = list(params.change_dates)
    for when, k in zip(dates.astype(object), params.period_index(dates), strict=True):
        assert changes[k] <= when, "the period starts on or before the date"
        assert k + 1 == len(changes) or changes[k + 1] > when, "and the next change is later"
        assert params.at(when).date == changes[k]
    assert params.period_index(np.array(["2013-11-25"], dtype="datetime64[D]"))[0] == changes.index(
        dt.date(2013, 11, 25)
    )


# ------------------------------------------------------------------ reforms as dated values


def test_reform_is_a_later_dated_value(params):
    reform = params.with_value("rates.flat_rate.amount", "2027-04-01", 10.0)
    assert reform.at("2027-03-31").rates.flat_rate.amount == 7
    assert reform.at("2027-04-01").rates.flat_rate.amount == 10
    assert params.at("2027-04-01").rates.flat_rate.amount == 7, "the original is unchanged"
    assert reform.digest() != params.digest()


def test_reform_with_an_end_date_reverts(params):
    reform = params.with_value(
        "fees.collection.receiving_parent_rate", "2027-01-01", 0.0, until="2027-12-31"
    )
    assert reform.at("2027-06-01").fees.collection.receiving_parent_rate == 0.0
    assert reform.at("2028-01-01").fees.collection.receiving_parent_rate == 0.04


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("rates.flat_rate.amont", 10, "unknown parameter 'rates.flat_rate.amont'"),
        ("rates.flat_rate.amount", -1, "below the valid minimum 0"),
        ("fees.collection.receiving_parent_rate", 4, "above the valid maximum 1"),
        ("rates.flat_rate.amount", "ten", "must be a number"),
        ("rates.basic_rate.percentages", [0.1, 0.2], "shape"),
        ("variations.notional_income_from_assets.available", 1, "true or false"),
    ],
    ids=["unknown", "below-min", "above-max", "text", "wrong-shape", "not-bool"],
)
def test_bad_reform_values_are_refused(params, path, value, message):
    with pytest.raises(ParameterError, match=message):
        params.with_value(path, "2027-04-01", value, source="reform.yaml")


# --------------------------------------------------------------------------- malformed files

GOOD = """\
flat:
  description: A flat amount.
  unit: currency-GBP
  min: 0
  max: 100
  values:
    2012-12-10:
      value: 5
      reference:
        - title: Some Act, s. 1
          href: https://www.legislation.gov.uk/x
    2013-11-25:
      value: 7
      reference:
        - title: Some Act, s. 1
          href: https://www.legislation.gov.uk/x
"""

MALFORMED = [
    # (what is wrong, edit to the good file, expected words in the error)
    ("missing unit", lambda s: s.replace("  unit: currency-GBP\n", ""), "missing 'unit'"),
    ("unknown unit", lambda s: s.replace("currency-GBP", "pounds"), "unknown unit 'pounds'"),
    (
        "no reference",
        lambda s: s.replace(
            "      reference:\n        - title: Some Act, s. 1\n"
            "          href: https://www.legislation.gov.uk/x\n    2013",
            "    2013",
        ),
        "no legal reference for the value from 2012-12-10",
    ),
    (
        "reference without link",
        lambda s: s.replace(
            "          href: https://www.legislation.gov.uk/x\n    2013", "    2013"
        ),
        "needs an href",
    ),
    ("dates out of order", lambda s: s.replace("2013-11-25", "2012-01-01"), "dates out of order"),
    ("repeated date", lambda s: s.replace("2013-11-25", "2012-12-10"), "appears twice"),
    (
        "not a date",
        lambda s: s.replace("2013-11-25", "from-november"),
        "not an effective-from date",
    ),
    ("impossible date", lambda s: s.replace("2013-11-25", "2013-02-30"), "not a real date"),
    ("text value", lambda s: s.replace("value: 7", "value: seven"), "must be a number"),
    ("above range", lambda s: s.replace("value: 7", "value: 700"), "above the valid maximum"),
    (
        "unknown field",
        lambda s: s.replace("  min: 0\n", "  minimum: 0\n"),
        "unknown field 'minimum'",
    ),
    (
        "no description",
        lambda s: s.replace("  description: A flat amount.\n", ""),
        "missing 'description'",
    ),
    ("bad YAML", lambda s: s.replace("      value: 7", "      value: [7"), "not valid YAML"),
    ("shape changes", lambda s: s.replace("value: 7", "value: [7, 8]"), "different shapes"),
]


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "parameters"
    folder.mkdir()
    (folder / "area.yaml").write_text(text)
    return folder


def test_good_example_file_loads(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))
    assert params.at("2020-01-01").area.flat == 7


@pytest.mark.parametrize(("what", "edit", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_names_file_parameter_and_problem(tmp_path, what, edit, expected):
    text = edit(GOOD)
    assert text != GOOD, f"the edit for '{what}' did not change the file"
    with pytest.raises(ParameterError) as error:
        load_parameters(_write(tmp_path, text))
    message = str(error.value)
    assert "area.yaml" in message
    assert expected in message
    if what not in ("bad YAML",):
        assert "'area.flat'" in message


def test_error_gives_the_line(tmp_path):
    text = GOOD.replace("value: 7", "value: 700")
    with pytest.raises(ParameterError) as error:
        load_parameters(_write(tmp_path, text))
    assert error.value.line == text.splitlines().index("      value: 700") + 1


def test_shipped_files_copy_loads_identically(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(PARAMETER_DIR, copy)
    assert load_parameters(copy).digest() == load_parameters().digest()


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(ParameterError, match=r"no \*\.yaml parameter files"):
        load_parameters(tmp_path)


def test_a_group_without_parameters_is_an_error(tmp_path):
    text = textwrap.dedent("""\
        group:
          description: nothing inside
        """)
    with pytest.raises(ParameterError, match="empty group"):
        load_parameters(_write(tmp_path, text))
