"""Step-by-step explanation of one case's maintenance calculation.

This narrates the intermediate results that
:func:`simulator.rules.maintenance_calculation` returns; it does not calculate
anything itself, so the explanation always matches the engine. Each step cites
the legal references stored with the parameters it uses. The dashboard's
household view renders the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.inputs.parameters import Parameters, Reference
from simulator.rules import MaintenanceCalculation
from simulator.rules.rates import (
    BASIC,
    BASIC_PLUS,
    DEFAULT,
    FLAT,
    NIL,
    RATE_NAMES,
    REDUCED,
    children_index,
)
from simulator.rules.shared_care import shared_care_band

__all__ = ["ExplanationStep", "explain_calculation", "explain_case", "format_explanation"]

_STATUTE = "https://www.legislation.gov.uk/ukpga/1991/48/schedule/1"
_REGS = "https://www.legislation.gov.uk/uksi/2012/2677"


@dataclass(frozen=True)
class ExplanationStep:
    title: str
    lines: tuple[str, ...]
    references: tuple[Reference, ...]


def _gbp(x: float) -> str:
    return f"£{x:,.2f}"


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def parameter_references(
    p: Parameters, *paths: str, extra: tuple[Reference, ...] = ()
) -> tuple[Reference, ...]:
    """The legal references of the parameters at ``paths`` (and ``extra``), each once."""
    out: list[Reference] = []
    for path in paths:
        entry = p.entry(path)
        if entry is not None:
            out.extend(r for r in entry.references if r not in out)
    out.extend(r for r in extra if r not in out)
    return tuple(out)


def _fraction_text(x: float) -> str:
    for denominator in (7, 2):
        numerator = x * denominator
        if abs(numerator - round(numerator)) < 1e-9:
            return f"{round(numerator)}/{denominator}" if x else "0"
    return f"{x:.4f}"


def _count(number: int, noun: str) -> str:
    plural = noun[: -len("child")] + "children" if noun.endswith("child") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def explain_calculation(
    calc: MaintenanceCalculation,
    p: Parameters,
    *,
    effective_date=None,
    gross_weekly_income: float,
    care_nights: np.ndarray,
    relevant_other_children: int = 0,
    relevant_non_resident_children: int = 0,
    unearned_income_annual: float = 0.0,
    notional_assets: float = 0.0,
    special_expenses_weekly: float = 0.0,
    partner_also_paying_parent: bool = False,
    nil_rate_person: bool = False,
    default_rate: bool = False,
    flat_rate_benefit: bool = False,
) -> list[ExplanationStep]:
    """The steps of a single-case calculation (``calc`` of length 1, computed
    with ``p`` from the same inputs), in the order of Schedule 1: the rules in
    force, the children, the rate (with income and variations where the rate
    depends on income), apportionment, shared care and the rounded result."""
    if len(calc) != 1:
        raise ValueError("explain_calculation takes the calculation of exactly one case")
    c = calc
    rate = int(c.rate[0])
    nights = np.asarray(care_nights)
    if nights.ndim == 1:
        nights = nights[None, :]
    children = c.children_by_receiving_parent[0]
    steps: list[ExplanationStep] = []

    def step(title: str, lines: list[str], refs: tuple[Reference, ...]) -> None:
        steps.append(ExplanationStep(title, tuple(lines), refs))

    _rules_in_force_step(step, p, effective_date)
    _children_step(step, c, nights, relevant_other_children, relevant_non_resident_children)
    if rate == DEFAULT:
        _default_rate_step(step, c, p)
    elif nil_rate_person:
        _nil_rate_person_step(step)
    elif c.flat_rate_because_of_benefit[0]:
        _benefit_flat_rate_step(step, c, p, partner_also_paying_parent)
    else:
        _income_steps(
            step,
            c,
            p,
            gross_weekly_income,
            unearned_income_annual,
            notional_assets,
            special_expenses_weekly,
        )
        _rate_steps(step, c, p, rate, relevant_other_children, relevant_non_resident_children)
    _apportionment_step(step, c, rate, children)
    if rate in (REDUCED, BASIC, BASIC_PLUS):
        _shared_care_step(step, c, p, nights, children)
    elif c.flat_rate_because_of_benefit[0]:
        _benefit_flat_rate_shared_care_step(step, p, nights, children)
    elif rate == FLAT and (nights >= p.shared_care.band_minimum_nights[0]).any():
        _low_income_flat_rate_shared_care_step(step)
    _result_step(step, c, rate, children)
    return steps


def _rules_in_force_step(step, p, effective_date) -> None:
    when = p.date if effective_date is None else effective_date
    step(
        "Rules in force",
        [
            f"Effective date {when}: the statutory values in force then are used (unchanged "
            f"since {p.date.isoformat()})."
        ],
        (Reference("Child Support Act 1991, Schedule 1 (maintenance calculations)", _STATUTE),),
    )


def _children_step(step, c, nights, roc, rnrc) -> None:
    """Qualifying children by receiving parent (with their nights of shared
    care), relevant other children and relevant non-resident children."""
    qc = int(c.qualifying_children[0])
    groups = []
    for j in range(nights.shape[0]):
        kids = [int(x) for x in nights[j] if x >= 0]
        if kids:
            groups.append(
                f"receiving parent {j + 1}: {_count(len(kids), 'child')}, nights a "
                f"year with the paying parent {', '.join(str(k) for k in kids)}"
            )
    lines = [f"{_count(qc, 'qualifying child')} in all; " + "; ".join(groups) + "."]
    if roc:
        lines.append(f"{_count(roc, 'relevant other child')} in the paying parent's household.")
    if rnrc:
        lines.append(
            f"{_count(rnrc, 'relevant non-resident child')} "
            "supported under another order or arrangement."
        )
    step(
        "Children",
        lines,
        (Reference("Child Support Act 1991, Sch. 1, paras. 1, 5A, 10C", _STATUTE),),
    )


def _default_rate_step(step, c, p) -> None:
    qc = int(c.qualifying_children[0])
    amount = float(c.amount_at_rate_weekly[0])
    step(
        "Default rate",
        [
            "A default maintenance decision: there is not enough information to calculate.",
            f"Default rate for {_count(qc, 'child')}: {_gbp(amount)} a week.",
        ],
        parameter_references(p, "rates.default_rate.amounts"),
    )


def _nil_rate_person_step(step) -> None:
    step(
        "Nil rate",
        [
            "The paying parent is a prescribed nil-rate person (for example a "
            "prisoner or a child): nothing is payable."
        ],
        (Reference("SI 2012/2677, reg. 45 (nil rate)", f"{_REGS}/regulation/45"),),
    )


def _benefit_flat_rate_step(step, c, p, partner_also_paying_parent) -> None:
    flat = p.rates.flat_rate
    lines = [
        "The paying parent (or partner) gets a benefit that triggers the flat rate, "
        "whatever their income."
    ]
    if partner_also_paying_parent:
        lines.append(
            f"The partner is also a paying parent: half the flat rate, "
            f"{_pct(flat.half_rate_fraction)} of {_gbp(flat.amount)} = "
            f"{_gbp(float(c.amount_at_rate_weekly[0]))} a week."
        )
    else:
        lines.append(f"Flat rate: {_gbp(flat.amount)} a week.")
    step(
        "Flat rate because of a benefit",
        lines,
        parameter_references(
            p,
            "rates.flat_rate.amount",
            *(["rates.flat_rate.half_rate_fraction"] if partner_also_paying_parent else []),
        ),
    )


def _income_steps(step, c, p, gross_weekly_income, unearned_annual, assets, expenses) -> None:
    cap = p.income.capped_amount
    lines = [f"Gross weekly income: {_gbp(gross_weekly_income)}."]
    if gross_weekly_income > cap:
        lines.append(f"Income above the cap of {_gbp(cap)} a week is ignored.")
    step("Gross weekly income", lines, parameter_references(p, "income.capped_amount"))

    if unearned_annual or assets or expenses:
        lines = []
        refs_paths = []
        threshold = p.variations.unearned_income.threshold_annual
        if unearned_annual:
            refs_paths.append("variations.unearned_income.threshold_annual")
            if c.unearned_income_weekly[0] > 0:
                lines.append(
                    f"Unearned income {_gbp(unearned_annual)} a year is at least "
                    f"{_gbp(threshold)}: x 7/365 = {_gbp(c.unearned_income_weekly[0])} a "
                    "week is added."
                )
            else:
                lines.append(
                    f"Unearned income {_gbp(unearned_annual)} a year is below "
                    f"{_gbp(threshold)}: not counted."
                )
        if assets:
            ground = p.variations.notional_income_from_assets
            if not ground.available:
                lines.append(
                    "Notional income from assets: this variation ground did not exist on this date."
                )
                refs_paths.append("variations.notional_income_from_assets.available")
            elif c.notional_income_weekly[0] > 0:
                lines.append(
                    f"Assets {_gbp(assets)} exceed {_gbp(ground.asset_threshold)}: "
                    f"{_pct(ground.yield_annual)} a year x 7/365 = "
                    f"{_gbp(c.notional_income_weekly[0])} a week is added."
                )
                refs_paths += [
                    "variations.notional_income_from_assets.asset_threshold",
                    "variations.notional_income_from_assets.yield_annual",
                ]
            else:
                lines.append(
                    f"Assets {_gbp(assets)} do not exceed {_gbp(ground.asset_threshold)}:"
                    " no notional income."
                )
                refs_paths.append("variations.notional_income_from_assets.asset_threshold")
        if expenses:
            floor = p.variations.special_expenses.threshold_weekly
            refs_paths.append("variations.special_expenses.threshold_weekly")
            if c.special_expenses_weekly[0] > 0:
                lines.append(
                    f"Special expenses {_gbp(expenses)} a week reach the {_gbp(floor)} "
                    "threshold: the whole amount is deducted."
                )
            else:
                lines.append(
                    f"Special expenses {_gbp(expenses)} a week are below the "
                    f"{_gbp(floor)} threshold: not deducted."
                )
        lines.append(
            f"Income used after variations (and the cap): {_gbp(c.income_used_weekly[0])} a week."
        )
        step(
            "Variations",
            lines,
            parameter_references(
                p,
                *refs_paths,
                extra=(
                    Reference(
                        "SI 2012/2677, regs. 72-73 (effect of variations, the cap)",
                        f"{_REGS}/part/5",
                    ),
                ),
            ),
        )


def _rate_steps(step, c, p, rate, roc, rnrc) -> None:
    income = float(c.income_used_weekly[0])
    children_for_rate = int(c.children_for_rate[0])
    reduced = p.rates.reduced_rate
    if rate == NIL:
        step(
            "Nil rate",
            [
                f"Income {_gbp(income)} is below {_gbp(p.rates.nil_rate.income_threshold)}"
                " a week: nothing is payable."
            ],
            parameter_references(p, "rates.nil_rate.income_threshold"),
        )
        return
    if rate == FLAT:
        step(
            "Flat rate",
            [
                f"Income {_gbp(income)} is {_gbp(reduced.lower_income_limit)} a week or "
                f"less: the flat rate of {_gbp(p.rates.flat_rate.amount)} is payable, "
                "whatever the number of children."
            ],
            parameter_references(
                p, "rates.reduced_rate.lower_income_limit", "rates.flat_rate.amount"
            ),
        )
        return
    counted = (
        f"{_count(children_for_rate, 'child')} (qualifying plus relevant non-resident)"
        if rnrc
        else _count(children_for_rate, "qualifying child")
    )
    if rate == REDUCED:
        table = reduced.percentages
        row = int(children_index(children_for_rate, table.shape[0]))
        col = min(int(roc), table.shape[1] - 1)
        t = table[row, col]
        step(
            "Reduced rate",
            [
                f"Income {_gbp(income)} is more than {_gbp(reduced.lower_income_limit)} and "
                f"less than {_gbp(reduced.upper_income_limit)} a week: reduced rate.",
                f"For {counted} and {_count(roc, 'relevant other child')} the percentage is "
                f"{_pct(t)}.",
                f"{_gbp(p.rates.flat_rate.amount)} + {_pct(t)} x ({_gbp(income)} - "
                f"{_gbp(reduced.lower_income_limit)}) = {c.amount_at_rate_weekly[0]:.4f}",
            ],
            parameter_references(
                p,
                "rates.reduced_rate.upper_income_limit",
                "rates.reduced_rate.percentages",
                "rates.flat_rate.amount",
            ),
        )
    else:
        basic = p.rates.basic_rate
        i = int(children_index(children_for_rate, basic.percentages.size))
        after = float(c.income_after_other_children_weekly[0])
        lines = [
            f"Income {_gbp(income)} is {_gbp(reduced.upper_income_limit)} a week or more: "
            "basic rate."
        ]
        paths = ["rates.basic_rate.percentages"]
        if roc:
            k = min(int(roc), p.rates.relevant_other_children.reductions.size) - 1
            cut = p.rates.relevant_other_children.reductions[k]
            lines.append(
                f"{_count(roc, 'relevant other child')}: income is treated as reduced "
                f"by {_pct(cut)}, to {after:.4f}."
            )
            paths.append("rates.relevant_other_children.reductions")
        below = min(after, basic.plus_threshold)
        above = max(after - basic.plus_threshold, 0.0)
        formula = f"{_pct(basic.percentages[i])} x {below:.2f}"
        if above > 0:
            formula += (
                f" + {_pct(basic.plus_percentages[i])} x {above:.2f} (above "
                f"{_gbp(basic.plus_threshold)})"
            )
            paths += ["rates.basic_rate.plus_threshold", "rates.basic_rate.plus_percentages"]
        lines.append(f"For {counted}: {formula} = {c.amount_at_rate_weekly[0]:.4f}")
        step(
            "Basic rate" if rate == BASIC else "Basic rate (basic plus)",
            lines,
            parameter_references(p, *paths),
        )
    if rnrc:
        qc = int(c.qualifying_children[0])
        step(
            "Relevant non-resident children",
            [
                f"Only the qualifying children's share is payable: {qc}/{qc + rnrc} x "
                f"{c.amount_at_rate_weekly[0]:.4f}, not less than "
                f"{_gbp(p.rates.relevant_non_resident_children.minimum_amount)} = "
                f"{c.amount_before_apportionment_weekly[0]:.4f}",
            ],
            parameter_references(p, "rates.relevant_non_resident_children.minimum_amount"),
        )


def _shared_care_step(step, c, p, nights, children) -> None:
    first = p.shared_care.band_minimum_nights[0]
    if not (nights >= first).any():
        return
    lines = []
    shares = c.shares_before_shared_care_weekly[0]
    bands = shared_care_band(nights, p)
    fractions = np.concatenate(([0.0], p.shared_care.band_fractions))[np.maximum(bands, 0)]
    per_child = p.shared_care.equal_care_reduction_per_child
    for j in np.flatnonzero(children):
        kids = np.flatnonzero(nights[j] >= 0)
        parts = ", ".join(
            f"{int(nights[j, k])} nights -> {_fraction_text(fractions[j, k])}" for k in kids
        )
        average = c.average_shared_care_fraction[0, j]
        top = int(c.children_175_plus[0, j])
        text = (
            f"receiving parent {j + 1}: {parts}; average {average:.4f}; "
            f"{shares[j]:.4f} x (1 - {average:.4f})"
        )
        if top:
            text += f" - {top} x {_gbp(per_child)} (175+ nights)"
        if (bands[j, kids] == 0).all():
            text = f"receiving parent {j + 1}: no shared care ({parts})"
        if (bands[j, kids] > 0).any():
            text += f" = {c.shares_after_shared_care_weekly[0, j]:.4f}"
        lines.append(text)
    if c.floor_applied[0]:
        lines.append(
            f"Shared care would take the total below "
            f"{_gbp(p.shared_care.minimum_liability)} a week, so that amount is payable, "
            "split by number of children."
        )
    step(
        "Shared care",
        lines,
        parameter_references(
            p,
            "shared_care.band_minimum_nights",
            "shared_care.band_fractions",
            "shared_care.equal_care_reduction_per_child",
            "shared_care.minimum_liability",
        ),
    )


def _apportionment_step(step, c, rate, children) -> None:
    """Several receiving parents: the amount split by their qualifying children."""
    parents = int((children > 0).sum())
    qc = int(c.qualifying_children[0])
    amount = float(c.amount_before_apportionment_weekly[0])
    shares = c.shares_before_shared_care_weekly[0]
    if parents > 1 and rate != NIL:
        lines = [f"{amount:.4f} is split by number of qualifying children:"]
        for j in np.flatnonzero(children):
            lines.append(
                f"receiving parent {j + 1}: {int(children[j])}/{qc} x {amount:.4f} = "
                f"{shares[j]:.4f}"
            )
        step(
            "Apportionment between receiving parents",
            lines,
            (Reference("Child Support Act 1991, Sch. 1, para. 6", f"{_STATUTE}/paragraph/6"),),
        )


def _benefit_flat_rate_shared_care_step(step, p, nights, children) -> None:
    first = p.shared_care.band_minimum_nights[0]
    affected = [j for j in np.flatnonzero(children) if (nights[j] >= first).any()]
    if affected:
        step(
            "Shared care with a benefit-based flat rate",
            [
                f"A child of receiving parent {', '.join(str(j + 1) for j in affected)} "
                f"stays {first:g} or more nights a year with the paying parent, so the flat "
                "rate is nil for that receiving parent.",
            ],
            parameter_references(
                p,
                "shared_care.band_minimum_nights",
                extra=(
                    Reference("Child Support Act 1991, Sch. 1, para. 8", f"{_STATUTE}/paragraph/8"),
                ),
            ),
        )


def _low_income_flat_rate_shared_care_step(step) -> None:
    step(
        "Shared care",
        [
            "The flat rate applies because income is low, not because of a "
            "benefit: shared care does not reduce it."
        ],
        (
            Reference(
                "Child Support Act 1991, Sch. 1, paras. 7(1) and 8", f"{_STATUTE}/paragraph/7"
            ),
        ),
    )


def _result_step(step, c, rate, children) -> None:
    final = c.weekly_liability_by_receiving_parent[0]
    lines = [
        "Each receiving parent's amount is rounded to the penny (halves up): "
        + ", ".join(f"receiving parent {j + 1} {_gbp(final[j])}" for j in np.flatnonzero(children))
        + "."
    ]
    lines.append(
        f"Weekly child maintenance: {_gbp(float(c.weekly_liability[0]))} "
        f"({RATE_NAMES[rate].replace('_', ' ')} rate)."
    )
    step(
        "Result",
        lines,
        (
            Reference(
                "SI 2012/2677, reg. 6 (rounding) - wording not read; penny rounding, halves up, "
                "is the documented choice",
                f"{_REGS}/regulation/6",
            ),
        ),
    )


def format_explanation(steps: list[ExplanationStep]) -> str:
    """Plain-text rendering of the steps, with their legal references."""
    out = []
    for number, s in enumerate(steps, start=1):
        out.append(f"{number}. {s.title}")
        out.extend(f"   {line}" for line in s.lines)
        for ref in s.references:
            out.append(f"   [{ref.title}]" + (f" {ref.href}" if ref.href else ""))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def explain_case(cases, parameters) -> tuple[MaintenanceCalculation, list[ExplanationStep]]:
    """Calculate and explain the single case in ``cases`` (a
    :class:`simulator.calculator.batch.CalcCases` of length 1) under the parameters in
    force on its effective date. Used by ``cms-sim calc --explain`` and the
    dashboard."""
    from simulator.calculator.batch import calculate  # the batch layer sits above this module

    if len(cases) != 1:
        raise ValueError("explain_case takes exactly one case")
    p = parameters.at(cases.effective_date[0])
    calc = calculate(cases, p)
    steps = explain_calculation(
        calc,
        p,
        effective_date=cases.effective_date[0],
        gross_weekly_income=float(cases.gross_weekly_income[0]),
        care_nights=cases.care_nights[0],
        relevant_other_children=int(cases.relevant_other_children[0]),
        relevant_non_resident_children=int(cases.relevant_non_resident_children[0]),
        unearned_income_annual=float(cases.unearned_income_annual[0]),
        notional_assets=float(cases.notional_assets[0]),
        special_expenses_weekly=float(cases.special_expenses_weekly[0]),
        partner_also_paying_parent=bool(cases.partner_also_paying_parent[0]),
        nil_rate_person=bool(cases.nil_rate_person[0]),
        default_rate=bool(cases.default_rate[0]),
        flat_rate_benefit=bool(cases.flat_rate_benefit[0]),
    )
    return calc, steps
