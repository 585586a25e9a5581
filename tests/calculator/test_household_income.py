"""Gross earnings and circumstances in, net incomes out: the household view's
households go through the population's own tax-benefit code.

The table rows are households and what must hold for them (benefits only at
no earnings; more pay, more net income but less than the pay; a partner's
pay counted; Scotland's own payments). The round trip takes households of a
synthesised population, rebuilds them from their circumstances and expects
the population's own net incomes to the penny.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import synthesise_population
from simulator.population.frame import EMPLOYEE, FLAT_RATE_BENEFIT, SELF_EMPLOYED
from simulator.population.one_household import (
    Circumstances,
    Place,
    household_net_incomes,
    places,
)
from simulator.rules.income import weekly_from_annual
from simulator.rules.taxben import OWNER_MORTGAGE, OWNER_OUTRIGHT, PRIVATE_RENT, SOCIAL_RENT

WHEN = dt.date(2026, 6, 1)
P = load_parameters().at(WHEN)
HOUSING = load_assumptions().values().population.housing
ENGLAND = Place("England", 0)
SCOTLAND = Place("Scotland", 2)
LONE_PARENT = Circumstances(child_ages=(6,), housing_weekly=100.0)
SINGLE = Circumstances(housing_weekly=120.0)


def nets(receiving: Circumstances, paying: Circumstances = SINGLE):
    return household_net_incomes(receiving, paying, P, WHEN, HOUSING)


def test_no_earnings_means_benefits_only_less_council_tax():
    rp, pp = nets(LONE_PARENT, SINGLE)
    for net in (rp, pp):
        assert net.income_tax_annual == net.national_insurance_annual == 0
        assert net.universal_credit_annual > 0
        assert net.bhc_weekly * net.weeks_in_year == pytest.approx(
            net.benefits_annual - net.council_tax_annual
        )
    assert rp.child_benefit_annual > 0 and pp.child_benefit_annual == 0


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        (0.0, 200.0),  # into work: Universal Credit tapers away
        (200.0, 450.0),
        (450.0, 900.0),  # off Universal Credit, paying tax and NI
        (900.0, 2000.0),  # higher rate, and the Child Benefit charge
    ],
)
def test_more_pay_more_net_income_but_less_than_the_pay(lower, higher):
    for side in ("receiving", "paying"):
        low, high = (
            nets(replace(LONE_PARENT, earnings_weekly=pay))[0]
            if side == "receiving"
            else nets(LONE_PARENT, replace(SINGLE, earnings_weekly=pay))[1]
            for pay in (lower, higher)
        )
        gained = (high.earnings_annual - low.earnings_annual) / high.weeks_in_year
        assert 0 < high.bhc_weekly - low.bhc_weekly < gained, side


def test_gross_earnings_convert_as_the_maintenance_calculation_does():
    # £450 a week, as the CMS counts it (× 365/7), is the paying parent's annual pay
    _, pp = nets(LONE_PARENT, replace(SINGLE, earnings_weekly=450.0))
    assert pp.earnings_annual == pytest.approx(450.0 * 365 / 7)


def test_a_partners_pay_is_counted_and_a_partner_is_an_adult():
    alone = nets(replace(LONE_PARENT, earnings_weekly=300.0))[0]
    couple = nets(replace(LONE_PARENT, earnings_weekly=300.0, partner=True))[0]
    earning = nets(
        replace(LONE_PARENT, earnings_weekly=300.0, partner=True, partner_earnings_weekly=400.0)
    )[0]
    assert (alone.adults, couple.adults) == (1, 2)
    assert couple.equivalence_bhc > alone.equivalence_bhc
    assert earning.earnings_annual > couple.earnings_annual
    assert earning.bhc_weekly > couple.bhc_weekly


def test_scotland_has_scottish_child_payment_and_england_the_warm_home_discount():
    scottish = nets(replace(LONE_PARENT, place=SCOTLAND))[0]
    english = nets(replace(LONE_PARENT, place=ENGLAND))[0]
    assert scottish.scottish_child_payment_annual > 0 == english.scottish_child_payment_annual
    assert english.warm_home_discount_annual > 0 == scottish.warm_home_discount_annual


@pytest.mark.parametrize(
    ("tenure", "housing_counted"),
    [(PRIVATE_RENT, True), (SOCIAL_RENT, True), (OWNER_MORTGAGE, True), (OWNER_OUTRIGHT, False)],
)
def test_housing_costs_by_tenure(tenure, housing_counted):
    net = nets(replace(LONE_PARENT, tenure=tenure, housing_weekly=150.0))[0]
    assert net.housing_weekly == pytest.approx(150.0 if housing_counted else 0.0)
    assert net.ahc_weekly == pytest.approx(net.bhc_weekly - net.housing_weekly)


def test_a_rental_area_caps_a_private_rent_for_universal_credit():
    area = next(p for p in places() if p.rental_area >= 0 and p.country == 0)
    rent = 1_000.0  # far above any area's Local Housing Allowance
    capped = nets(replace(LONE_PARENT, housing_weekly=rent, place=area))[0]
    uncapped = nets(replace(LONE_PARENT, housing_weekly=rent, place=ENGLAND))[0]
    assert capped.universal_credit_annual < uncapped.universal_credit_annual


@pytest.fixture(scope="module")
def population():
    return synthesise_population(2_000, 11, WHEN, entrant_months=0)


def _paying(pop, i: int) -> Circumstances:
    work = int(pop.pp_employment[i])
    pay = pop.pp_declared_profit[i] if work == SELF_EMPLOYED else pop.pp_declared_earnings[i]
    return Circumstances(
        earnings_weekly=float(weekly_from_annual(pay, P)),
        self_employed=work == SELF_EMPLOYED,
        on_benefit=work == FLAT_RATE_BENEFIT,
        age=int(pop.pp_age[i]),
        partner=bool(pop.pp_partner[i]),
        partner_earnings_weekly=float(weekly_from_annual(pop.pp_partner_earnings[i], P)),
        partner_age=int(pop.pp_partner_age[i]),
        child_ages=tuple(int(a) for a in pop.pp_other_child_age[i] if a >= 0),
        tenure=int(pop.pp_tenure[i]),
        housing_weekly=float(
            (pop.pp_rent_monthly[i] + pop.pp_mortgage_interest_monthly[i]) * 12 / 52
        ),
        place=Place("", int(pop.pp_country[i]), int(pop.pp_rental_area[i])),
    )


def _receiving(pop, i: int) -> Circumstances:
    profit = pop.rp_self_employment_income[i]
    ages = np.concatenate([pop.child_age[i], pop.rp_other_child_age[i]])
    return Circumstances(
        earnings_weekly=float(weekly_from_annual(profit or pop.rp_earnings[i], P)),
        self_employed=bool(profit),
        age=int(pop.rp_age[i]),
        partner=bool(pop.rp_partner[i]),
        partner_earnings_weekly=float(weekly_from_annual(pop.rp_partner_earnings[i], P)),
        partner_age=int(pop.rp_partner_age[i]),
        child_ages=tuple(int(a) for a in ages if a >= 0),
        tenure=int(pop.rp_tenure[i]),
        housing_weekly=float(
            (pop.rp_rent_monthly[i] + pop.rp_mortgage_interest_monthly[i]) * 12 / 52
        ),
        place=Place("", int(pop.rp_country[i]), int(pop.rp_rental_area[i])),
    )


def test_the_population_gives_the_same_net_incomes_for_the_same_households(population):
    pop = population
    assert np.all(pop.pp_council_tax_bill == HOUSING.council_tax_annual)
    # paying parents whose circumstances the view can enter: all their pay
    # declared, one kind of it, no unearned income or cash in hand
    plain = (
        (pop.pp_true_earnings == pop.pp_declared_earnings)
        & (pop.pp_true_profit == pop.pp_declared_profit)
        & (pop.pp_unearned_income == 0)
        & (pop.pp_cash_in_hand_annual == 0)
        & ((pop.pp_declared_earnings == 0) | (pop.pp_declared_profit == 0))
        & np.isin(pop.pp_employment, (EMPLOYEE, SELF_EMPLOYED, FLAT_RATE_BENEFIT))
        & ((pop.rp_earnings == 0) | (pop.rp_self_employment_income == 0))
    )
    rows = np.flatnonzero(plain)[:40]
    assert len(rows) == 40
    checked = {"on Universal Credit": 0, "renting privately": 0, "in Scotland": 0}
    for i in rows:
        rp, pp = nets(_receiving(pop, i), _paying(pop, i))
        for net, side in ((rp, "rp"), (pp, "pp")):
            expected = getattr(pop, f"{side}_net_income_bhc")[i] / 52
            assert net.bhc_weekly == pytest.approx(expected, abs=0.005), (i, side)
            assert net.ahc_weekly == pytest.approx(
                getattr(pop, f"{side}_net_income_ahc")[i] / 52, abs=0.005
            )
            assert net.equivalence_bhc == getattr(pop, f"{side}_equivalence_bhc")[i]
        checked["on Universal Credit"] += pp.universal_credit_annual > 0
        checked["renting privately"] += pop.pp_tenure[i] == PRIVATE_RENT
        checked["in Scotland"] += pop.pp_country[i] == SCOTLAND.country
    assert all(checked.values()), checked  # the rows cover the rules that matter
