"""One family under current law or a reform, past the liability: collection
fees, what each household ends up with a week, and whether it is below the
poverty line.

Used by the dashboard's household view. The maintenance is the rules engine's
(through :func:`simulator.calculator.explain.explain_case`, whose steps come
first), the fees the rules' fee functions; the households' net incomes before
maintenance are given (:class:`NetIncome`: worked out by the population's own
tax-benefit code, :mod:`simulator.population.one_household`, or typed in),
and maintenance is added to or taken from them as the model's poverty measure
does (:mod:`simulator.outcomes.poverty`: Universal Credit disregards it and it
is untaxed, so it changes HBAI income pound for pound; the paying household
also pays its collection fee). The equivalence scales come with the net
incomes, the poverty lines from the caller (the dashboard's population).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from simulator.calculator.batch import CalcCases
from simulator.calculator.explain import ExplanationStep, explain_case, parameter_references
from simulator.inputs.parameters import Parameters, ParameterSet, Reference
from simulator.rules.fees import paying_parent_collection_fee, receiving_parent_collection_fee
from simulator.rules.rates import RATE_NAMES

__all__ = [
    "BASES",
    "HouseholdResult",
    "NetIncome",
    "comparison_table",
    "gbp",
    "gbp_a_week",
    "household_outcome",
    "poverty_line_note",
]

#: The HBAI bases: before and after housing costs.
BASES = ("bhc", "ahc")
BASIS_NAMES = {"bhc": "before housing costs", "ahc": "after housing costs"}
#: The collection fees are worked out for a week of this many days (the fee
#: rules charge per day of liability: SI 2014/612, reg. 7).
DAYS_IN_WEEK = 7
#: Where the HBAI conventions behind net income and the equivalence scales are set out.
HBAI_METHODOLOGY = Reference(
    "DWP, Households Below Average Income: background information and methodology",
    "https://www.gov.uk/government/statistics/households-below-average-income-for-financial-years-ending-1995-to-2025",
)


def gbp(amount: float) -> str:
    """Money to the penny, minus sign before the pound sign (-£45.74)."""
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def gbp_a_week(amount: float) -> str:
    return f"{gbp(amount)} a week"


@dataclass(frozen=True)
class NetIncome:
    """One household's taxes, benefits and HBAI net income before maintenance.

    The parts are £ a year, as the tax-benefit rules work them out; the
    results £ a week (the year over ``weeks_in_year``, as the model's poverty
    measure counts weeks). ``typed``: the net income before housing costs was
    typed in (``computed_bhc_weekly`` is then what the rules give)."""

    earnings_annual: float  # gross earnings and profit of the adults
    income_tax_annual: float
    national_insurance_annual: float
    universal_credit_annual: float
    child_benefit_annual: float  # less any High Income Child Benefit Charge
    scottish_child_payment_annual: float
    warm_home_discount_annual: float
    council_tax_annual: float
    housing_costs_annual: float
    assumed_earnings_annual: float  # net earnings the minimum income floor assumes
    bhc_weekly: float
    ahc_weekly: float
    equivalence_bhc: float
    equivalence_ahc: float
    adults: int
    child_ages: tuple[int, ...]
    weeks_in_year: float
    typed: bool = False
    computed_bhc_weekly: float | None = None

    @property
    def benefits_annual(self) -> float:
        return (
            self.universal_credit_annual
            + self.child_benefit_annual
            + self.scottish_child_payment_annual
            + self.warm_home_discount_annual
        )

    @property
    def housing_weekly(self) -> float:
        return self.housing_costs_annual / self.weeks_in_year

    def typed_in(self, bhc_weekly: float) -> NetIncome:
        """The same household with its net income before housing costs typed
        in (after housing costs: that less the same housing costs)."""
        return replace(
            self,
            bhc_weekly=float(bhc_weekly),
            ahc_weekly=float(bhc_weekly) - self.housing_weekly,
            typed=True,
            computed_bhc_weekly=self.bhc_weekly,
        )


@dataclass(frozen=True)
class HouseholdResult:
    """One family under one set of rules: the liability, the fees, and each
    household (``receiving``, ``paying``: basis -> {"before", "after",
    "equivalised", "line", "poor"}, £ a week), with every step explained and
    any warning about the figures."""

    weekly_liability: float
    rate: str
    by_receiving_parent: tuple[float, ...]
    paying_parent_fee_weekly: float
    receiving_parent_fee_weekly: float
    received_weekly: float
    paid_weekly: float
    receiving: dict
    paying: dict
    steps: list[ExplanationStep]
    warnings: list[str]

    def same_figures(self, other: HouseholdResult) -> bool:
        """Whether ``other`` gives this family the same money and poverty
        status (its explanation may still differ in wording or dates)."""
        keep = ("steps", "warnings", "rate")
        mine = {k: v for k, v in self.__dict__.items() if k not in keep}
        return mine == {k: v for k, v in other.__dict__.items() if k not in keep}


def household_outcome(
    cases: CalcCases,
    parameters: ParameterSet,
    receiving: NetIncome,
    paying: NetIncome,
    poverty_lines: dict[str, float],
    collect_and_pay: bool,
    domestic_abuse: bool = False,
) -> HouseholdResult:
    """The one case in ``cases`` under ``parameters``: the calculation, the
    fees (on Collect and Pay, the paying parent taken to pay in full), the
    first receiving parent's household (``receiving``) and the paying
    household (``paying``) before and after maintenance, against
    ``poverty_lines`` (£ a week, equivalised; keys ``bhc`` and ``ahc``)."""
    calc, steps = explain_case(cases, parameters)
    p = parameters.at(cases.effective_date[0])
    weekly = float(calc.weekly_liability[0])
    shares = np.asarray(calc.weekly_liability_by_receiving_parent[0], dtype=float)
    first = float(shares[0]) if shares.size else weekly
    if collect_and_pay:
        # paid in full, so the rate for a parent who paid in full the month before
        pp_fees = paying_parent_collection_fee(shares, DAYS_IN_WEEK, p, compliant=True)
        pp_fee = float(np.sum(pp_fees))
        rp_fee = float(receiving_parent_collection_fee(np.array([first]), p, domestic_abuse)[0])
    else:
        pp_fee = rp_fee = 0.0
    received = first - rp_fee
    paid = weekly + pp_fee
    sides = {
        "receiving": _side(receiving, received, poverty_lines),
        "paying": _side(paying, -paid, poverty_lines),
    }
    steps = [
        *steps,
        _fee_step(p, collect_and_pay, domestic_abuse, first, weekly, pp_fee, rp_fee),
        _net_income_step(p, receiving, paying),
        _after_step(receiving, paying, sides, received, weekly, pp_fee, shares),
        _poverty_step(p, receiving, paying, sides),
    ]
    return HouseholdResult(
        weekly_liability=weekly,
        rate=RATE_NAMES[int(calc.rate[0])].replace("_", " "),
        by_receiving_parent=tuple(float(s) for s in shares),
        paying_parent_fee_weekly=pp_fee,
        receiving_parent_fee_weekly=rp_fee,
        received_weekly=received,
        paid_weekly=paid,
        receiving=sides["receiving"],
        paying=sides["paying"],
        steps=steps,
        warnings=_warnings(receiving, paying, sides, weekly, pp_fee),
    )


def _side(net: NetIncome, change: float, lines: dict[str, float]) -> dict:
    out = {}
    for basis in BASES:
        before = net.bhc_weekly if basis == "bhc" else net.ahc_weekly
        after = before + change
        equivalised = after / (net.equivalence_bhc if basis == "bhc" else net.equivalence_ahc)
        out[basis] = {
            "before": before,
            "after": after,
            "equivalised": equivalised,
            "line": lines[basis],
            "poor": bool(equivalised < lines[basis]),
        }
    return out


def _pct(share: float) -> str:
    return f"{share * 100:g}%"


def _fee_step(p, collect_and_pay, abuse, first, weekly, pp_fee, rp_fee) -> ExplanationStep:
    rates = p.fees.collection
    if not collect_and_pay:
        return ExplanationStep(
            "Collection fees",
            (
                "On Direct Pay the parents arrange the payments between themselves: "
                "no collection fees.",
            ),
            parameter_references(p, "fees.collection.paying_parent_rate"),
        )
    pp_rate = min(rates.compliant_paying_parent_rate, rates.paying_parent_rate)
    waived = abuse and bool(rates.receiving_parent_fee_waived_domestic_abuse)
    paying = (
        f"On Collect and Pay the paying parent pays {_pct(pp_rate)} on top of the "
        f"maintenance ({_pct(pp_rate)} of each day's amount, rounded to the penny, for "
        f"{DAYS_IN_WEEK} days): {gbp_a_week(pp_fee)}, so {gbp_a_week(weekly + pp_fee)} in all."
        if pp_rate
        else "On Collect and Pay under these rules the paying parent pays no collection fee."
    )
    if waived:
        receiving = (
            "The receiving parent's fee is waived, as domestic abuse has been disclosed: "
            f"they get all {gbp_a_week(first)}."
        )
    elif rates.receiving_parent_rate:
        receiving = (
            f"{_pct(rates.receiving_parent_rate)} of what is collected for the receiving "
            f"parent is kept as their fee: {gbp_a_week(rp_fee)}, so they get "
            f"{gbp_a_week(first - rp_fee)}."
        )
    else:
        receiving = (
            "The receiving parent pays no collection fee under these rules: they get all "
            f"{gbp_a_week(first)}."
        )
    lines = [paying, receiving]
    paths = ["fees.collection.paying_parent_rate", "fees.collection.receiving_parent_rate"]
    if abuse:
        paths.append("fees.collection.receiving_parent_fee_waived_domestic_abuse")
    return ExplanationStep("Collection fees", tuple(lines), parameter_references(p, *paths))


def _money_a_year(amount: float) -> str:
    return f"£{amount:,.0f}"


def _net_line(who: str, net: NetIncome) -> str:
    """One household's net income before maintenance, in words."""
    parts = [f"earnings {_money_a_year(net.earnings_annual)}"]
    for label, amount, sign in (
        ("income tax", net.income_tax_annual, "less"),
        ("National Insurance", net.national_insurance_annual, "less"),
        ("Universal Credit", net.universal_credit_annual, "plus"),
        ("Child Benefit", net.child_benefit_annual, "plus"),
        ("Scottish Child Payment", net.scottish_child_payment_annual, "plus"),
        ("the Warm Home Discount", net.warm_home_discount_annual, "plus"),
        ("council tax", net.council_tax_annual, "less"),
    ):
        if amount > 0:
            parts.append(f"{sign} {label} {_money_a_year(amount)}")
    computed = net.computed_bhc_weekly if net.typed else net.bhc_weekly
    line = (
        f"{who}: {', '.join(parts)} a year: {gbp_a_week(computed)} before housing costs "
        f"(a year over {net.weeks_in_year:g} weeks), {gbp_a_week(computed - net.housing_weekly)} "
        f"after housing costs of {gbp_a_week(net.housing_weekly)}."
    )
    if net.assumed_earnings_annual > 0:
        line += (
            f" Universal Credit assumes {_money_a_year(net.assumed_earnings_annual)} a year more "
            "earnings (the minimum income floor for the self-employed)."
        )
    if net.typed:
        line += (
            f" You typed {gbp_a_week(net.bhc_weekly)} before housing costs instead; that is "
            "the figure used below."
        )
    return line


def _net_income_step(p, receiving: NetIncome, paying: NetIncome) -> ExplanationStep:
    lines = (
        _net_line("Receiving household", receiving),
        _net_line("Paying household", paying),
        "Child maintenance is not counted by Universal Credit and is not taxed, so it "
        "changes what a household has pound for pound.",
    )
    refs = parameter_references(
        p,
        "income_tax.personal_allowance.amount",
        "national_insurance.class_1.main_rate",
        "universal_credit.taper_rate",
        "child_benefit.eldest_child",
        "universal_credit.child_maintenance.received_counted_share",
        extra=(HBAI_METHODOLOGY,),
    )
    return ExplanationStep("Net incomes before maintenance", lines, refs)


def _after_step(receiving, paying, sides, received, weekly, pp_fee, shares) -> ExplanationStep:
    rp, pp = sides["receiving"], sides["paying"]
    lines = [
        f"Receiving household: {gbp_a_week(receiving.bhc_weekly)} plus "
        f"{gbp_a_week(received)} maintenance received = {gbp_a_week(rp['bhc']['after'])} "
        f"before housing costs, {gbp_a_week(rp['ahc']['after'])} after.",
        f"Paying household: {gbp_a_week(paying.bhc_weekly)} less {gbp_a_week(weekly)} "
        + (f"maintenance and {gbp_a_week(pp_fee)} in fees" if pp_fee else "maintenance")
        + f" = {gbp_a_week(pp['bhc']['after'])} before housing costs, "
        f"{gbp_a_week(pp['ahc']['after'])} after.",
    ]
    if len(shares) > 1:
        lines.append(
            "The maintenance paid includes the other receiving parents' "
            f"{gbp_a_week(float(np.sum(shares[1:])))}; only the first receiving parent's "
            "household is shown."
        )
    return ExplanationStep("What each household ends up with", tuple(lines), (HBAI_METHODOLOGY,))


def _people(net: NetIncome, older_child_age: float) -> str:
    older = sum(1 for a in net.child_ages if a >= older_child_age)
    younger = len(net.child_ages) - older
    words = [f"{net.adults} adult{'s' if net.adults != 1 else ''}"]
    if younger:
        words.append(f"{younger} child{'ren' if younger != 1 else ''} under {older_child_age:g}")
    if older:
        words.append(f"{older} child{'ren' if older != 1 else ''} aged {older_child_age:g} or more")
    return ", ".join(words)


def _poverty_step(p, receiving: NetIncome, paying: NetIncome, sides) -> ExplanationStep:
    share = _pct(p.hbai.poverty_line_share)
    older = p.hbai.equivalence_scale.older_child_age
    lines = []
    for who, net, side in (
        ("Receiving household", receiving, sides["receiving"]),
        ("Paying household", paying, sides["paying"]),
    ):
        parts = []
        for basis in BASES:
            s = side[basis]
            scale = net.equivalence_bhc if basis == "bhc" else net.equivalence_ahc
            verdict = "below it: in poverty" if s["poor"] else "not in poverty"
            parts.append(
                f"{BASIS_NAMES[basis]}, {gbp(s['after'])} / {scale:.2f} = "
                f"{gbp_a_week(s['equivalised'])} against a line of {gbp(s['line'])}, {verdict}"
            )
        lines.append(f"{who} ({_people(net, older)}): " + "; ".join(parts) + ".")
    lines.append(
        f"Incomes are divided by the household's equivalence scale (a couple without "
        f"children is 1) and compared with {share} of the median income."
    )
    refs = parameter_references(
        p,
        "hbai.equivalence_scale.bhc",
        "hbai.poverty_line_share",
    )
    return ExplanationStep("Against the poverty line", tuple(lines), refs)


def _warnings(receiving, paying, sides, weekly, pp_fee) -> list[str]:
    """Figures that do not hang together, in plain words."""
    out = []
    for who, net in (("receiving", receiving), ("paying", paying)):
        ceiling = (net.earnings_annual + net.benefits_annual) / net.weeks_in_year
        if net.typed and net.bhc_weekly > ceiling + 0.005:
            out.append(
                f"The {who} household's net income typed ({gbp_a_week(net.bhc_weekly)}) is more "
                f"than its earnings and benefits together ({gbp_a_week(ceiling)}): net income is "
                "what is left after tax, so check the figure (or leave it empty to use the "
                "one worked out)."
            )
    left = sides["paying"]["bhc"]["after"]
    if left < 0:
        fees = f" and {gbp_a_week(pp_fee)} in fees" if pp_fee else ""
        out.append(
            f"After paying {gbp_a_week(weekly)} maintenance{fees}, the paying household is left "
            f"with {gbp_a_week(left)} before housing costs: less than nothing. Check its net "
            "income against the gross income the maintenance is worked out on."
        )
    return out


def _standing(side: dict, basis: str) -> str:
    s = side[basis]
    return f"{gbp_a_week(s['after'])}, {'in poverty' if s['poor'] else 'not in poverty'}"


def _before(net: NetIncome) -> str:
    typed = " (typed in)" if net.typed else ""
    return f"{gbp_a_week(net.bhc_weekly)}{typed}; {gbp(net.ahc_weekly)} after housing costs"


def comparison_table(results: dict[str, tuple[HouseholdResult, NetIncome, NetIncome]]):
    """One row per figure, one column per set of rules (``results``: title ->
    the result and the two households' net incomes it used): short labels,
    money as £ a week, so that it fits beside the form."""
    import pandas as pd

    rows: dict[str, dict[str, str]] = {}
    for title, (r, rp, pp) in results.items():
        for label, value in (
            ("Maintenance", gbp_a_week(r.weekly_liability)),
            ("Paying parent pays, with fees", gbp_a_week(r.paid_weekly)),
            ("Receiving parent gets, after fees", gbp_a_week(r.received_weekly)),
            ("Receiving household before maintenance", _before(rp)),
            ("Paying household before maintenance", _before(pp)),
            ("Receiving household after, before housing costs", _standing(r.receiving, "bhc")),
            ("Receiving household after, after housing costs", _standing(r.receiving, "ahc")),
            ("Paying household after, before housing costs", _standing(r.paying, "bhc")),
            ("Paying household after, after housing costs", _standing(r.paying, "ahc")),
        ):
            rows.setdefault(label, {})[title] = value
    return pd.DataFrame([{"": label, **values} for label, values in rows.items()])


def poverty_line_note(lines: dict[str, float], p: Parameters, on) -> str:
    """What the poverty lines are, in a sentence (``lines``: £ a week, keys
    ``bhc`` and ``ahc``; ``on``: the date they are for)."""
    return (
        f"Poverty lines: {gbp_a_week(lines['bhc'])} before housing costs and "
        f"{gbp_a_week(lines['ahc'])} after, for a couple without children "
        f"({_pct(p.hbai.poverty_line_share)} of the median income, on {on.day} {on:%B %Y}, as "
        "the dashboard's population has them); each household's income is divided by its "
        "equivalence scale before the comparison."
    )
