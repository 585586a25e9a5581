"""The rental areas and their Local Housing Allowance table, as shipped: the
names and weights file agrees with the dated rates, and a few rates read as
the VOA / DWP tables print them (2024-25, frozen since)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.inputs.rental_areas import RentalAreaError, load_rental_areas

AREAS = load_rental_areas()
P = load_parameters()


def test_every_area_has_a_row_of_rates_and_the_same_nation():
    p = P.at("2026-10-01")
    rates = np.asarray(p.local_housing_allowance.monthly_rates)
    assert rates.shape == (len(AREAS), 5)
    np.testing.assert_array_equal(np.asarray(p.local_housing_allowance.nation), AREAS.nation)
    np.testing.assert_array_equal(
        np.asarray(p.local_housing_allowance.in_greater_london) == 1, AREAS.london
    )
    assert (np.diff(rates[:, 1:], axis=1) >= 0).all(), "more bedrooms never cost less"


@pytest.mark.parametrize(
    ("nation", "areas"),
    [
        (
            0,
            152,
        ),
        (1, 22),
        (2, 18),
    ],
    ids=["England: 152 BRMAs", "Wales: 22", "Scotland: 18"],
)
def test_the_areas_of_each_nation(nation, areas):
    assert (AREAS.nation == nation).sum() == areas


@pytest.mark.parametrize(
    ("name", "category", "monthly"),
    [
        ("BIRMINGHAM", 2, 750.00),
        ("CENTRAL_LONDON", 1, 1_439.97),
        ("TYNESIDE", 0, 381.33),
        ("CARDIFF", 2, 825.00),
        ("LOTHIAN", 3, 1_375.00),
    ],
    ids=[
        "Birmingham 2 beds",
        "Central London 1 bed",
        "Tyneside shared",
        "Cardiff 2 beds",
        "Lothian 3 beds",
    ],
)
def test_rates_as_published_and_frozen(name, category, monthly):
    (code,) = AREAS.code([name])
    for when in ("2024-10-01", "2025-10-01", "2026-10-01"):
        rates = np.asarray(P.at(when).local_housing_allowance.monthly_rates)
        assert rates[code, category] == pytest.approx(monthly), when


def test_an_unknown_area_name_is_a_clear_error():
    with pytest.raises(RentalAreaError, match="no rental area named"):
        AREAS.code(["ATLANTIS"])
