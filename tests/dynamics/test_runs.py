"""Monthly dynamics (simulator.dynamics): conservation of money, deduction
orders, how income changes reach the liability, the rules engine as the only
calculator, the compliance shares, determinism and common random numbers
across scenarios, hidden income, what a run keeps, and the fitted compliance
parameters reproducing the published shares.

Most tests run one recorded 24-month simulation of a small synthetic
population; the mechanism tests step the model with the other behaviour
switched off, so that one mechanism can be watched on its own. (``cms-sim
simulate``: tests/cli/test_simulate.py; the behaviour section of ``cms-sim
calibration-report``: tests/cli/test_calibration_report.py.)
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pytest

from simulator.dynamics import month, simulate
from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.dynamics.timing import month_starts
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    NOT_CMS,
    synthesise_population,
)
from simulator.randomness import KeyedRandom
from simulator.rules import maintenance_calculation
from simulator.rules.income import weekly_from_annual
from tests.dynamics.tables import STILL_INCOMES

DATE = "2026-04-01"
START = dt.date(2026, 5, 1)
MONTHS = 24
PENNY = 0.01


@cache
def population(families: int = 6_000, seed: int = 5):
    return synthesise_population(families, seed, DATE)


@cache
def recorded():
    """A recorded baseline run, cut into two chunks (so chunking is exercised)."""
    pop = population()
    return pop, simulate(pop, months=MONTHS, record=True, chunk_families=3_500, workers=1)


# ----------------------------------------------------------------- conservation


def test_every_payment_is_accounted_for_per_family_and_month():
    """paid = received by the receiving parent + the receiving parent's 4% fee
    + collection fees + enforcement charges paid (for every family and month)."""
    _, result = recorded()
    r = result.records
    assert r["paid"].sum() > 0
    np.testing.assert_allclose(
        r["paid"], r["received"] + r["rp_fee"] + r["paid_fee"] + r["paid_charges"], atol=1e-6
    )
    assert (r["received"] >= -1e-9).all() and (r["paid"] >= -1e-9).all()


def test_arrears_change_is_due_minus_paid_plus_charges_minus_write_offs():
    """For each family and month: change in arrears = Collect and Pay maintenance
    due + collection fee due + enforcement charges - paid to the CMS - written off.
    Direct Pay shortfalls are not CMS arrears."""
    _, result = recorded()
    r = result.records
    before = np.vstack([result.families["arrears_start"][None, :], r["arrears"][:-1]])
    cp = r["service"] == COLLECT_AND_PAY
    expected = (
        np.where(cp, r["due"] + r["fee_due"] - r["paid"], 0.0) + r["charges"] - r["written_off"]
    )
    np.testing.assert_allclose(r["arrears"] - before, expected, atol=1e-6)
    assert r["arrears"][-1].sum() > 0
    assert (r["arrears"] >= -1e-6).all()
    # Direct Pay families pay no fees and no charges
    dp = r["service"] == DIRECT_PAY
    assert (r["fee_due"][dp] == 0).all() and (r["charges"][dp] == 0).all()
    assert np.allclose(r["received"][dp], r["paid"][dp])


def test_weighted_monthly_totals_balance():
    """The same identities for the weighted GB totals of each month."""
    pop, result = recorded()
    m = result.monthly
    np.testing.assert_allclose(
        m.paid,
        m.received
        + m.fees_receiving_parents
        + m.fees_paid_paying_parents
        + m.enforcement_charges_paid,
        rtol=1e-9,
    )
    start_stock = float(pop.weight @ result.families["arrears_start"])
    change = np.diff(np.concatenate([[start_stock], m.arrears_stock.to_numpy()]))
    expected = (
        m.due_collect_and_pay
        + m.fees_charged_paying_parents
        + m.enforcement_charges
        - m.paid_collect_and_pay
        - m.arrears_written_off
    )
    np.testing.assert_allclose(change, expected, rtol=1e-6, atol=1.0)


def test_collection_fees_are_the_statutory_percentages():
    """On Collect and Pay the paying parent is charged 20% of each day's
    liability, rounded to the penny per day, and the receiving parent loses 4%
    of what is collected, rounded to the penny (SI 2014/612 regs. 6-8)."""
    _, result = recorded()
    r = result.records
    days = np.array(
        [
            (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - d
            for d in (month_starts(START, MONTHS))
        ],
        dtype="timedelta64[D]",
    ).astype(int)[:, None]
    cp = (r["service"] == COLLECT_AND_PAY) & (r["due"] > 0)
    assert cp.sum() > 1_000
    per_day = np.floor(0.20 * r["weekly_liability"] / 7 * 100 + 0.5) / 100
    np.testing.assert_allclose(r["fee_due"][cp], (per_day * days)[cp], atol=1e-9)
    np.testing.assert_allclose(r["due"][cp], (r["weekly_liability"] * days / 7)[cp], atol=1e-9)
    collected = r["received"] + r["rp_fee"]
    # (regular collections and recovered arrears are each rounded: two half-pennies)
    np.testing.assert_allclose(r["rp_fee"][cp], 0.04 * collected[cp], atol=0.01 + 1e-9)
    assert (r["fee_due"][~cp] == 0).all()


# ---------------------------------------------------------- deduction orders


def test_deduction_order_pays_while_the_job_lasts_and_lapses_on_a_job_change():
    _, result = recorded()
    r = result.records
    a = load_assumptions()
    deo = r["deo"] & (r["due"] > 0)
    assert deo.sum() > 300
    full = r["paid"] >= r["due"] + r["fee_due"] - PENNY
    deo_rate = full[deo].mean()
    assert deo_rate == pytest.approx(
        a.value("behaviour.compliance.deo_payment_prob_while_employed"), abs=0.05
    )
    others = (r["service"] == COLLECT_AND_PAY) & ~r["deo"] & (r["due"] > 0)
    assert deo_rate > full[others].mean() + 0.2

    # the month the paying parent changes or loses a job, the order has gone
    had = r["deo"][:-1]
    moved = r["job"][1:] != r["job"][:-1]
    lapsed = had & moved & (r["service"][1:] == COLLECT_AND_PAY)
    assert lapsed.sum() >= 5
    assert not r["deo"][1:][lapsed].any()


def test_lapsed_deduction_orders_come_back_only_after_a_delay():
    """With every paying parent changing job every month, no deduction order is
    in force two months running: each lapses at the next change, and a re-issue
    is never made in the month of the lapse."""
    pop = population()
    a = load_assumptions().with_overrides({"behaviour.income.job_change_prob": 1.0})
    result = simulate(pop, months=8, assumptions=a, record=True, workers=1)
    deo = result.records["deo"]
    assert deo.any()  # orders are still made by enforcement
    assert not (deo[1:] & deo[:-1]).any()


# ------------------------------------------------------ income changes and lags

#: Everything that moves on its own is switched off, so that one income change
#: can be followed.
STILL = {
    **STILL_INCOMES,
    "behaviour.service.new_application_monthly": 0.0,
    "behaviour.service.collect_and_pay_to_direct_pay_monthly": 0.0,
    "behaviour.service.family_based_breakdown_monthly": 0.0,
    "behaviour.service.family_based_formation_monthly": 0.0,
    "behaviour_fitted.compliance_fitted.arrears_only_exit_monthly": 0.0,
    "behaviour_fitted.compliance_fitted.closure_monthly_intercept": 0.0,
    "behaviour.hidden_income.rp_variation_application_given_hidden": 0.0,
    "behaviour.hidden_income.rp_diversion_application_annual": 0.0,
    "behaviour.hidden_income.rp_flat_rate_income_application_annual": 0.0,
    "behaviour_fitted.compliance_fitted.dp_breakdown_move_rate": 0.0,
}


def still_model(overrides: dict | None = None, families: int = 6_000):
    pop = population(families)
    # no income has changed since the tax year behind the HMRC figure either
    pop = pop.with_columns(
        pp_hmrc_declared_annual=pop.pp_declared_earnings + pop.pp_declared_profit
    )
    a = load_assumptions().with_overrides({**STILL, **(overrides or {})})
    shared = SharedRates.of(pop, a.values())
    return State.start_of(pop, load_parameters(), a, KeyedRandom(pop.seed), START, shared)


def months_from(start: dt.date, count: int) -> list[dt.date]:
    return month_starts(start, count)


def employees_in_cms(state) -> np.ndarray:
    cms_unit = np.zeros(state.frame.n_units, dtype=bool)
    cms_unit[state.frame.unit_of[state.arrangements.arrangement == CMS]] = True
    people = state.people
    return cms_unit & (people.employment == EMPLOYEE) & (people.true_earnings > 0)


@pytest.mark.parametrize(
    "rise, hazard, lag, months_to_all",
    [
        # a rise of 40%, always reported, processed at once: this month
        (1.40, 1.0, 0.0, 1),
        # the same rise, processed with a mean delay of two months: by month k a
        # share 1 - (2/3)^k has been processed (geometric delay)
        (1.40, 1.0, 2.0, None),
    ],
)
def test_a_change_of_25_percent_or_more_reaches_the_liability_after_the_processing_delay(
    rise, hazard, lag, months_to_all
):
    state = still_model(
        {
            "behaviour.reporting.report_hazard_income_increase": hazard,
            "behaviour.reporting.cms_change_processing_lag": lag,
        }
    )
    known, people = state.assessment, state.people
    months = months_from(START, 8)
    # no review month in the window for the units followed
    reviewed = np.isin(known.review_month, [d.month - 1 for d in months])
    month.step(state, months[0])
    followed = employees_in_cms(state) & ~reviewed & ~known.reported
    assert followed.sum() > 200
    before = known.assessed_weekly[followed].copy()
    liability_before = state.liabilities.weekly.copy()
    people.true_earnings = np.where(followed, people.true_earnings * rise, people.true_earnings)

    updated_share = []
    for when in months[1:]:
        month.step(state, when)
        updated_share.append(np.mean(known.assessed_weekly[followed] > before * 1.2))
    if months_to_all is not None:
        assert updated_share[months_to_all - 1] == 1.0
    else:
        completion = 1 / (1 + lag)
        expected = [1 - (1 - completion) ** (k + 1) for k in range(len(updated_share))]
        np.testing.assert_allclose(updated_share, expected, atol=0.06)
        assert updated_share[0] < 0.5
    # the new liability is the rules engine's on the new assessed income
    families = followed[state.frame.unit_of] & (state.arrangements.arrangement == CMS)
    changed = families & (state.liabilities.weekly != liability_before)
    assert changed.sum() > 0.5 * families.sum() * updated_share[-1]


def test_a_smaller_change_reaches_the_liability_only_at_the_annual_review():
    """A 10% rise is below the 25% tolerance (reg. 23), so reporting it changes
    nothing: the assessed income of each paying parent moves only in their
    annual review month, once HMRC has a tax year with the new pay (here HMRC
    figures are taken to be available as soon as the tax year ends)."""
    state = still_model(
        {
            "behaviour.reporting.report_hazard_income_increase": 1.0,
            "behaviour.reporting.hmrc_income_age_at_review": 6.0,
        }
    )
    known, people = state.assessment, state.people
    months = months_from(START, 26)
    month.step(state, months[0])
    followed = employees_in_cms(state)
    people.true_earnings = np.where(followed, people.true_earnings * 1.10, people.true_earnings)
    start = known.assessed_weekly.copy()
    before = start.copy()
    moved_outside_review = 0
    for when in months[1:]:
        month.step(state, when)
        moved = followed & (np.abs(known.assessed_weekly - before) > 1e-9)
        at_review = known.review_month == when.month - 1
        moved_outside_review += int((moved & ~at_review).sum())
        before = known.assessed_weekly.copy()
    assert moved_outside_review == 0
    # reviews from April 2027 use tax year 2026-27: April and May at the old pay,
    # June to March at the new (later reviews, from April 2028, the full rise)
    ratio = known.assessed_weekly[followed] / start[followed]
    positive = start[followed] > 0
    assert np.median(ratio[positive]) == pytest.approx((2 + 10 * 1.10) / 12, abs=0.005)
    assert np.mean(ratio[positive] > 1.05) > 0.9


def test_liabilities_are_always_what_the_rules_engine_gives_for_the_assessed_income():
    """Month after month (with all dynamics on), every CMS family's liability
    equals the statutory calculation on its paying parent's assessed income and
    case as the CMS knows them, for the children who still qualify; a case open
    for arrears only owes nothing."""
    pop = population()
    a = load_assumptions()
    p = load_parameters()
    state = State.start_of(pop, p, a, KeyedRandom(3), START, SharedRates.of(pop, a.values()))
    frame, people, known = state.frame, state.people, state.assessment
    checked = 0
    for when in months_from(START, 18):
        month.step(state, when)
        arrears_only = state.arrangements.arrears_only
        assert (state.liabilities.weekly[arrears_only] == 0).all()
        cms = (state.arrangements.arrangement == CMS) & ~arrears_only
        units = np.unique(frame.unit_of[cms])
        varied = known.variation_applied[units]
        # a family whose case is closed or open for arrears only has no
        # qualifying children in its paying parent's calculation
        nights = frame.nights[units].copy()
        row_of_unit = {unit: row for row, unit in enumerate(units)}
        for family in np.flatnonzero(~cms):
            row = row_of_unit.get(frame.unit_of[family])
            if row is not None:
                nights[row, frame.rank[family]] = -1
        # nor does a child who no longer qualifies (aged out)
        for family, slot in np.argwhere(~state.children.qualifying):
            row = row_of_unit.get(frame.unit_of[family])
            if row is not None:
                nights[row, frame.rank[family], slot] = -1
        calc = maintenance_calculation(
            known.assessed_weekly[units],
            nights,
            p.at(when),
            relevant_other_children=people.roc[units],
            relevant_non_resident_children=people.rnrc[units],
            flat_rate_benefit=known.known_benefit[units],
            nil_rate_person=people.nil_rate[units],
            unearned_income_annual=np.where(varied, people.unearned[units], 0.0),
            notional_assets=np.where(varied, people.assets[units], 0.0),
            diverted_income_weekly=np.where(
                known.diversion_applied[units], known.diverted_weekly[units], 0.0
            ),
            flat_rate_income_weekly=np.where(
                known.flat_income_applied[units],
                weekly_from_annual(people.cash_in_hand_annual(units), p.at(when)),
                0.0,
            ),
        )
        families = np.flatnonzero(cms)
        row = np.searchsorted(units, frame.unit_of[families])
        expected = calc.weekly_liability_by_receiving_parent[row, frame.rank[families]]
        np.testing.assert_array_equal(state.liabilities.weekly[families], expected)
        assert (state.liabilities.weekly[~cms] == 0).all()
        checked += families.size
    assert checked > 10_000


# ------------------------------------------------------------ compliance shape


def test_compliance_statistics_are_shares_and_move_with_the_fitted_intercept():
    pop = population()
    a = load_assumptions()
    base = simulate(pop, months=6, assumptions=a, workers=1).quarterly
    lower = simulate(
        pop,
        months=6,
        assumptions=a.with_overrides(
            {
                "behaviour_fitted.compliance_fitted.collect_and_pay_paying_logit": a.value(
                    "behaviour_fitted.compliance_fitted.collect_and_pay_paying_logit"
                )
                - 2.0
            }
        ),
        workers=1,
    ).quarterly
    for column in (
        "collect_and_pay_paid_some_share",
        "collect_and_pay_paid_over_90pct_share",
        "direct_pay_received_all_share",
    ):
        assert base[column].between(0, 1).all()
    # (4-5 points at the intercept refitted in issue 16, -3.16, further into the
    # logistic's tail than the -2.97 before it)
    assert (
        lower.collect_and_pay_paid_some_share < base.collect_and_pay_paid_some_share - 0.03
    ).all()


# --------------------------------------------------- determinism and common draws


def test_same_seed_same_results_however_the_work_is_cut():
    pop = population()
    one = simulate(pop, months=8, workers=1, chunk_families=10**9)
    again = simulate(pop, months=8, workers=1, chunk_families=10**9)
    cut = simulate(pop, months=8, workers=2, chunk_families=1_500)
    assert one.monthly.equals(again.monthly)
    assert cut.metadata["chunks"] >= 4
    for key, values in one.families.items():
        np.testing.assert_array_equal(values, cut.families[key], err_msg=key)
    numeric = one.monthly.columns.drop("month")
    np.testing.assert_allclose(one.monthly[numeric], cut.monthly[numeric], rtol=1e-9)


def test_another_seed_gives_other_draws():
    pop = population()
    a = simulate(pop, months=4, rng=1, workers=1)
    b = simulate(pop, months=4, rng=2, workers=1)
    assert not np.array_equal(a.families["paid_window"], b.families["paid_window"])


def test_a_reform_sees_the_same_families_and_the_same_luck():
    """Scrapping the receiving parent's 4% fee from the start: incomes and
    employment follow exactly the same paths; Collect and Pay receiving parents
    get what was collected without the deduction."""
    pop, base = recorded()
    p = load_parameters().with_value("fees.collection.receiving_parent_rate", START, 0.0)
    reform = simulate(pop, p, months=MONTHS, record=True, chunk_families=3_500, workers=1)
    for key in ("true_weekly", "employment", "job"):
        np.testing.assert_array_equal(base.records[key], reform.records[key], err_msg=key)
    assert reform.records["rp_fee"].sum() == 0
    assert base.records["rp_fee"].sum() > 0
    # in the first month nothing behavioural has reacted yet: received rises by
    # exactly the fee
    first = base.records["service"][0] == COLLECT_AND_PAY
    np.testing.assert_allclose(
        reform.records["received"][0][first],
        base.records["received"][0][first] + base.records["rp_fee"][0][first],
        atol=1e-9,
    )


# ------------------------------------------------------------------ hidden income


def test_hidden_income_is_visible_and_variations_catch_some_of_it_over_time():
    """Declared income (what HMRC sees) is below true income; variations for
    unearned income and assets are granted month by month after receiving
    parents apply, bringing income into the assessment."""
    _, result = recorded()
    m = result.monthly
    assert (m.declared_income_weekly_cms < m.true_income_weekly_cms).all()
    assert m.variations_applied_cms.iloc[-1] > m.variations_applied_cms.iloc[0]
    assert m.variation_income_weekly_cms.iloc[-1] > 0
    # a variation brings in at least the unearned-income threshold (£2,500 a year)
    per_case = m.variation_income_weekly_cms / m.variations_applied_cms.where(
        m.variations_applied_cms > 0
    )
    assert (per_case.dropna() >= 2_500 / 365 * 7 - 1e-6).all()


# ------------------------------------------------------------ outputs and memory


def test_aggregates_only_keeps_no_months_by_families_arrays():
    pop = population()
    result = simulate(pop, months=3, workers=1)
    assert result.records is None
    assert all(v.shape == (len(pop),) for v in result.families.values())
    assert len(result.monthly) == 3
    assert result.monthly.month.iloc[0] == dt.date(2026, 5, 1)


def test_service_and_arrangements_are_consistent():
    _, result = recorded()
    r = result.records
    assert set(np.unique(r["service"])) <= {DIRECT_PAY, COLLECT_AND_PAY, NOT_CMS}
    outside = r["service"] == NOT_CMS
    assert (r["due"][outside] == 0).all() and (r["paid"][outside] == 0).all()
    m = result.monthly
    np.testing.assert_allclose(
        m.cms_arrangements, m.direct_pay_arrangements + m.collect_and_pay_arrangements
    )


@pytest.mark.parametrize("months, window", [(0, 12), (3, 0)])
def test_bad_run_lengths_are_refused(months, window):
    with pytest.raises(ValueError, match="must be 1 or more"):
        simulate(population(), months=months, window_months=window)


# ------------------------------------------------------- behaviour calibration


def test_the_fitted_compliance_parameters_reproduce_the_published_shares():
    """The fitted values in behaviour_fitted.yaml reproduce the figures they were
    fitted to (on a population other than the one they were fitted on, so
    within sampling noise), and their ranges contain the central value."""
    from simulator.experiments.fit_behaviour import FITTED, compliance_measures

    a = load_assumptions()
    achieved = compliance_measures(synthesise_population(30_000, 11, DATE), a)
    for path, (published, measure) in FITTED.items():
        item = a[path]
        assert item.low <= item.central <= item.high, path
        if published is None:  # the closure intercept: the caseload (a 24-month run)
            continue
        assert achieved[measure] == pytest.approx(a.value(published), abs=0.03), measure
    # (the caseload's steadiness is tested below on 24 months)


# ------------------------------------------------ a baseline steady for the flows

STEADY = [
    # (what stays steady over 24 months on the baseline, measure of the monthly
    #  table, the tolerance: points of a share or a relative change)
    ("the CMS caseload, within 2.5% of the first month", "caseload", 0.025),
    # Not the 2.5 points: the share rises by about 3 points in 24 months
    # (+2.7 on 200,000 families, +3.2 on these 50,000 before children aged), as
    # broken Direct Pay cases keep moving in (A11) while returns are rare. The
    # published share rose about as fast (37% in Sep 2022, A05b/A05d; about 40%
    # in Sep 2024, A04c). Children ageing out add about 0.6 points (+3.3 on
    # 200,000, +3.9 on these 50,000): a Direct Pay case whose last child ages out
    # closes, a Collect and Pay case owing arrears stays on for arrears only, and
    # the re-fitted closure intercept is lower for both. The test holds the model
    # to no more than 2.25 points a year (issue 14: was 1.75 before ageing, 2 with
    # ageing). With entrants (families separating during the run) the caseload
    # holds (+0.6% in 24 months on 200,000 families, where it fell 6.4% with the
    # intercept fitted before the eldest-age change) and the re-fitted intercept
    # is lower again (0.0072 -> 0.0053): Direct Pay cases stay open longer and
    # more of them break down into Collect and Pay: +4.5 points on these 50,000,
    # +4.2 on 200,000 (+4.4 on main before entrants).
    (
        "Collect and Pay's share of arrangements, rising by at most 4.5 points in 24 months",
        "collect_and_pay_share",
        0.045,
    ),
    ("payment by deduction from benefit, within 15% of the first month", "benefit", 0.15),
    # Children age out every September (about 140,000 families a year whose last
    # qualifying child leaves) and families separate every month (entrants,
    # population.entrants.families_monthly): the stock holds by its flows.
    # Without the entrants both fall by about 8% in 24 months.
    ("separated families, within 3% of the first month", "separated_families", 0.03),
    ("their qualifying children, within 3% of the first month", "qualifying_children", 0.03),
    ("families separating, each month within 15% of the register's", "separating", 0.15),
]


@cache
def steady_baseline():
    return simulate(population(50_000, 20260401), months=24, workers=1).monthly


@pytest.mark.parametrize("measure, tolerance", [r[1:] for r in STEADY], ids=[r[0] for r in STEADY])
def test_the_baseline_holds_steady_through_its_flows(measure, tolerance):
    m = steady_baseline()
    series = {
        "caseload": m.cms_arrangements / m.cms_arrangements.iloc[0],
        "collect_and_pay_share": m.collect_and_pay_arrangements / m.cms_arrangements,
        "benefit": m.deductions_from_benefit / m.deductions_from_benefit.iloc[0],
        "separated_families": m.separated_families / m.separated_families.iloc[0],
        "qualifying_children": m.qualifying_children / m.qualifying_children.iloc[0],
    }.get(measure)
    if measure == "separating":  # the entrants (the run starts a month after the date)
        monthly = load_assumptions().value("population.entrants.families_monthly")
        assert (abs(m.families_separating / monthly - 1) <= tolerance).all()
        return
    assert abs(series.iloc[-1] - series.iloc[0]) <= tolerance
