"""One family under a scenario, and why a reform may show no difference for
it, in plain words.

:func:`household_under` puts the pieces together for the household view: the
scenario's law on the case's date and its housing assumptions give both
households' net incomes (:func:`simulator.population.one_household.household_net_incomes`,
the population's own tax-benefit code), any typed in replace them, and
:func:`simulator.calculator.household.household_outcome` works out the
maintenance, fees and poverty.

The household view works out one family's maintenance, fees and incomes on
a date. A reform can leave all of that alone: it may act only through what
happens over time (how fast a change of pay is reassessed, how likely
payment is once enforcement starts, which service families use), or its
changes to the calculation may start after the date chosen, or touch only
families unlike the one entered. :func:`household_note` tells which, from
the scenario itself: the statutory parameters the household's calculation
reads (everything but :data:`NOT_IN_ONE_HOUSEHOLD`) and the assumptions it
uses (:data:`HOUSEHOLD_ASSUMPTIONS`), compared with the baseline's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from simulator.calculator.household import HouseholdResult, NetIncome, household_outcome
from simulator.calculator.household_form import HouseholdCase
from simulator.inputs.parameters import ParameterSet
from simulator.population.one_household import Circumstances, household_net_incomes
from simulator.scenarios.load import Scenario

__all__ = [
    "HOUSEHOLD_ASSUMPTIONS",
    "NOT_IN_ONE_HOUSEHOLD",
    "household_note",
    "household_under",
    "tax_benefit_start",
]
#: A parameter every tax-benefit year has: its first date is the first the
#: household view can work net incomes out on.
TAX_BENEFIT_MARKER = "income_tax.personal_allowance.amount"

#: Statutory parameters (by path prefix) that one household's weekly
#: calculation, fees and net incomes do not read, and what they govern.
NOT_IN_ONE_HOUSEHOLD = {
    "service.": "which service families use and how the CMS collects and enforces",
    "fees.application.": "the fee for applying",
    "fees.enforcement.": "the charges for enforcement action",
    "variations.": "variations, which a parent has to apply for",
    "income.annual_review_interval": "how often income is reviewed",
    "income.hmrc_request_window": "when HMRC's figures are asked for",
    "income.change_tolerance": "when a change of income is acted on",
    "universal_credit.child_maintenance.": "how Universal Credit treats maintenance "
    "(in the cost to government)",
    "hbai.median_income.": "the poverty line (the view uses its population's)",
    "hbai.poverty_line_share": "the poverty line (the view uses its population's)",
    "hbai.deep_poverty_line_share": "the deep poverty line",
}
#: The assumptions the household's net incomes use (the council tax bill and
#: Council Tax Reduction): a reform that changes them changes the household.
HOUSEHOLD_ASSUMPTIONS = "population.housing."
#: What a switch or an assumption (by prefix) changes over time, in plain words.
OVER_TIME = {
    "rti_reassessment": "how fast a change of pay reaches the calculation",
    "automatic_deo_reissue": "how quickly a deduction from earnings follows a new job",
    "administrative_disqualification": "how likely payment is once enforcement starts",
    "hmrc_data_matching": "how much hidden self-employed income is found",
    "behaviour.enforcement.": "how likely payment is once enforcement starts",
    "behaviour.reform.": "how the CMS works cases over time",
}
GENERIC = "how families and the CMS act over time"


def tax_benefit_start(parameters: ParameterSet) -> dt.date:
    """The first date the tax-benefit parameters cover."""
    return parameters[TAX_BENEFIT_MARKER].values[0].start


def household_under(
    scenario: Scenario,
    case: HouseholdCase,
    receiving: Circumstances,
    paying: Circumstances,
    poverty_lines: dict[str, float],
    *,
    collect_and_pay: bool,
    domestic_abuse: bool = False,
    typed_receiving_weekly: float | None = None,
    typed_paying_weekly: float | None = None,
) -> tuple[HouseholdResult, NetIncome, NetIncome]:
    """The family of ``case`` under ``scenario``: the result and the two
    households' net incomes before maintenance it used (worked out from
    ``receiving`` and ``paying``, or typed in, £ a week before housing
    costs). The paying parent's earnings are the case's gross weekly
    income, the figure the maintenance is worked out on. The receiving
    household's children are the first receiving parent's qualifying
    children and its other children; the paying household's, its other
    children."""
    when = case.cases.effective_date[0].astype(dt.date)
    p = scenario.parameters.at(when)
    housing = scenario.assumptions.values().population.housing
    rp, pp = household_net_incomes(
        replace(receiving, child_ages=case.receiving_household_ages),
        replace(
            paying,
            earnings_weekly=float(case.cases.gross_weekly_income[0]),
            child_ages=case.paying_other_ages,
        ),
        p,
        when,
        housing,
    )
    if typed_receiving_weekly is not None:
        rp = rp.typed_in(typed_receiving_weekly)
    if typed_paying_weekly is not None:
        pp = pp.typed_in(typed_paying_weekly)
    result = household_outcome(
        case.cases,
        scenario.parameters,
        rp,
        pp,
        poverty_lines,
        collect_and_pay=collect_and_pay,
        domestic_abuse=domestic_abuse,
    )
    return result, rp, pp


def _read(path: str) -> bool:
    return not any(path.startswith(prefix) for prefix in NOT_IN_ONE_HOUSEHOLD)


def _phrase(target: str) -> str:
    for table in (OVER_TIME, NOT_IN_ONE_HOUSEHOLD):
        for prefix, words in table.items():
            if target.startswith(prefix):
                return words
    return GENERIC


def _differing(reform: Scenario, baseline: Scenario, when: dt.date) -> list[str]:
    """The parameters the household reads whose values on ``when`` differ."""
    return [
        path
        for path in reform.parameters
        if _read(path)
        and path in baseline.parameters
        and reform.parameters[path].value_at(when) != baseline.parameters[path].value_at(when)
    ]


def _later_start(reform: Scenario, baseline: Scenario, when: dt.date) -> dt.date | None:
    """The first date after ``when`` on which a parameter the household reads differs."""
    starts = sorted(
        c.start
        for c in reform.changes
        if c.kind == "parameter" and c.start is not None and c.start > when and _read(c.target)
    )
    return next((d for d in starts if _differing(reform, baseline, d)), None)


def household_note(
    reform: Scenario, baseline: Scenario, when: dt.date, same_result: bool = True
) -> str | None:
    """A plain note when the household view cannot show what ``reform``
    does on ``when`` (``same_result``: the view's figures for the family
    entered are the same under both), or None."""
    if reform.key == baseline.key or not reform.changes:
        return None
    assumptions = [
        c.target
        for c in reform.changes
        if c.kind == "assumption" and c.target.startswith(HOUSEHOLD_ASSUMPTIONS)
    ]
    differing = _differing(reform, baseline, when)
    over_time = list(
        dict.fromkeys(
            _phrase(c.target)
            for c in reform.changes
            if not (c.kind == "parameter" and _read(c.target))
            and not (c.kind == "assumption" and c.target.startswith(HOUSEHOLD_ASSUMPTIONS))
        )
    )
    if differing or assumptions:
        if not same_result:
            if not over_time:
                return None
            return (
                f"Some of this reform's changes act over time ({'; '.join(over_time)}), not in "
                "the calculation for one household: see Compare reforms for them."
            )
        labels = sorted({reform.parameters[p].label.rstrip(".") for p in differing})
        what = "; ".join(labels) if labels else "the housing assumptions"
        return (
            f"This reform changes the rules on: {what}. None of that touches this family as "
            "entered, so the figures are the same as under current law; change the family "
            "(for example the service, domestic abuse, the children or the incomes) to see "
            "where it applies."
        )
    later = _later_start(reform, baseline, when)
    if later is not None:
        return (
            f"This reform's changes to the calculation start on {later.day} {later:%B %Y}, "
            f"after the date chosen: choose that date or later to see them."
        )
    return (
        f"This reform changes what happens over time ({'; '.join(over_time or [GENERIC])}), "
        "not the calculation for one household: the figures here are the same as under "
        "current law. See Compare reforms for what it does for families."
    )
