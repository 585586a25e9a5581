"""The tables of sources: every statutory parameter in force on a date with
its legal reference, every assumption with its range and source."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.reports.sources import assumption_table, parameter_table

DATE = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def parameters():
    return parameter_table(when=DATE).set_index("parameter")


@pytest.mark.parametrize(
    "parameter, value, in_force_from",
    [
        ("fees.collection.receiving_parent_rate", "0.04", "2014-08-11"),
        ("rates.basic_rate.percentages", "[0.12, 0.16, 0.19]", "2012-12-10"),
    ],
    ids=["the receiving parent's 4% collection fee", "the basic rates"],
)
def test_parameters_in_force(parameters, parameter, value, in_force_from):
    row = parameters.loc[parameter]
    assert (row.value, row.in_force_from) == (value, in_force_from)
    assert row.reference and row.link.startswith("https://")


def test_every_parameter_in_force_has_a_reference(parameters):
    in_force = parameters[parameters.value != "(not in force)"]
    assert len(in_force) > 50
    assert (in_force.reference.str.len() > 0).all()


def test_a_date_as_text_is_read_as_a_date(parameters):
    assert parameter_table(when=DATE.isoformat()).set_index("parameter").equals(parameters)


def test_every_assumption_has_a_range_and_a_basis():
    table = assumption_table()
    assert list(table.columns) == [
        "assumption",
        "label",
        "central",
        "low",
        "high",
        "unit",
        "basis",
        "source",
        "link",
        "reasoning",
    ]
    assert len(table) > 50 and table.assumption.is_unique
    for column in ("central", "low", "high", "basis"):
        assert (table[column].str.len() > 0).all(), column
