"""Fitting the compliance model to the published compliance figures.

Four parameters of the compliance model (``behaviour_fitted.compliance_fitted``)
are chosen so that the baseline simulation reproduces, over whole quarters:

* the share of Collect and Pay paying parents due to pay who paid something
  (``behaviour.compliance.cp_paid_some_qtr``, 68%, DWP CMS statistics Sep 2024);
* the share who pay by deduction from earnings order or request
  (``behaviour.enforcement.initial_deo_share_due_to_pay``, 27%, A12b), through
  the reach of the enforcement route to deduction from earnings orders: the
  orders in place at the population date are drawn to that share, and the reach
  sets the inflow that keeps it there: the share in the last whole quarter of
  24 months (the share paid over 90%, B01b, is compared, not fitted);
* the share of Direct Pay receiving parents who received everything
  (``dp_paid_all_share``, 60%, DWP Direct Pay research 2025);
* the service mix: Collect and Pay's share of CMS arrangements (A04c, 40%)
  holds where the population starts it, through the monthly chance that a
  broken Direct Pay case moves to Collect and Pay (the moves themselves, about
  3% of Direct Pay a quarter in PQ 188710, A11, are a validation figure: they
  are compared, not fitted);
* the caseload (A04a) and the arrears-only cases (A12c) hold where the
  population starts them, through the closure intercept and the arrears-only
  cases' exit hazard.

Method: alternate one-dimensional root finding (Brent's method) on each
intercept until all of them agree within a tolerance; the simulation is
deterministic for a given population and seed, so the fit is reproducible.
The low and high values are fitted the same way to the low and high ends of
the figures' ranges. Because these figures are fitted, they are not
independent validation: the calibration report says so.

    cms-sim fit-behaviour --families 60000 --write simulator/inputs/register/behaviour_fitted.yaml
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from scipy import optimize

from simulator.dynamics import simulate
from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.yamlio import read_yaml
from simulator.population import Population

__all__ = [
    "COMPARED",
    "FITTED",
    "FittedFileError",
    "behaviour_calibration",
    "check_destination",
    "compliance_measures",
    "direct_pay_moves_quarterly_share",
    "fit_compliance",
    "fitted_measures",
    "fitted_measures_of",
    "write_fitted",
]

FITTED_FILE = Path(__file__).resolve().parents[1] / "inputs" / "register" / "behaviour_fitted.yaml"
PREFIX = "behaviour_fitted.compliance_fitted."
#: The closure intercept, fitted on a longer run (the caseload's drift)
CLOSURE = PREFIX + "closure_monthly_intercept"
#: The arrears-only cases' exit hazard, fitted on a longer run (their stock's drift)
ARREARS_ONLY = PREFIX + "arrears_only_exit_monthly"
#: The move rate of broken Direct Pay cases, fitted on a longer run (the
#: service mix's drift)
MOVES = PREFIX + "dp_breakdown_move_rate"
#: Hazards fitted so that a stock holds where the population starts it (on
#: CASELOAD_MONTHS months): what the stock is, for the report
STEADY = {
    CLOSURE: "caseload steady at the population's (A04a)",
    ARREARS_ONLY: "arrears-only cases steady at the population's (A12c)",
    MOVES: "Collect and Pay's share of arrangements steady at the population's (A04c)",
}
#: Steady hazards whose stock grows with the hazard (the others' falls: more
#: closures, a smaller stock)
GROWS_WITH = {MOVES}
#: fitted intercept -> (published figure in the register, simulated measure)
FITTED = {
    PREFIX + "collect_and_pay_paying_logit": (
        "behaviour.compliance.cp_paid_some_qtr",
        "collect_and_pay_paid_some_share",
    ),
    # the orders in place at the population date are drawn to A12b's share
    # (behaviour.enforcement.initial_deo_share_due_to_pay); the reach of the
    # enforcement route sets the inflow that keeps the share there
    PREFIX + "deduction_order_reach": (
        "behaviour.enforcement.initial_deo_share_due_to_pay",
        "collect_and_pay_paying_by_deo_share_last_quarter",
    ),
    PREFIX + "direct_pay_shift": (
        "behaviour.compliance.dp_paid_all_share",
        "direct_pay_received_all_share",
    ),
    # Collect and Pay's share of arrangements holds at the population's (A04c)
    # given the moves out of it and the services new cases start on: no change
    # from the first month to the last year's average
    MOVES: (None, "collect_and_pay_share_change"),
    # the caseload holds at the population's (A04a) given the applications
    # (A09a): no change from the first month to the last year's average
    CLOSURE: (None, "cms_arrangements_change"),
    # the arrears-only cases hold at the population's (A12c: the paying parents
    # due to pay) given the Collect and Pay cases that close owing arrears
    ARREARS_ONLY: (None, "arrears_only_arrangements_change"),
}
#: Published figures compared with the simulation but not fitted: the same
#: series in other quarters, and the payment-method mix (targets.csv ids).
COMPARED = {
    "B01b": "collect_and_pay_paid_over_90pct_share",
    "B01c": "collect_and_pay_paid_up_to_90pct_share",
    "B02a": "collect_and_pay_paid_some_share",
    "B02b": "collect_and_pay_paid_over_90pct_share",
    "B03a": "collect_and_pay_paid_some_share",
    "B03b": "collect_and_pay_paid_over_90pct_share",
    "A12a": "collect_and_pay_benefit_deduction_share",
    "A11": "direct_pay_to_collect_and_pay_quarterly_share",
}
#: A measure's last whole quarter (not the mean over the quarters).
LAST_QUARTER = "_last_quarter"
#: Months over whose last whole quarter the deduction orders' share is held.
STEADY_MONTHS = 24
#: Months simulated after the warm-up to measure whole quarters.
MEASURE_MONTHS = 7
#: Months simulated to measure the caseload's drift (the last 12 against the first).
CASELOAD_MONTHS = 24
#: Search ranges: logit intercepts, a share for the deduction-order reach, and
#: a monthly hazard for the closure intercept.
BRACKETS = {"logit": (-10.0, 10.0), "share": (0.0, 1.0), "hazard": (0.0005, 0.2)}
X_TOLERANCE = 0.005
HAZARD_TOLERANCE = 0.00002
SHARE_TOLERANCE = 0.003
ROUNDS = 6
#: A quarter's moves from the monthly rate (A11 is a share of Direct Pay
#: arrangements a quarter)
MONTHS_A_QUARTER = 3


def compliance_measures(
    population: Population,
    assumptions: AssumptionSet,
    months: int = MEASURE_MONTHS,
    steady_months: int = STEADY_MONTHS,
) -> dict[str, float]:
    """The three compliance shares, averaged over the whole quarters of the
    first ``months`` months, and the deduction orders' share in the last whole
    quarter of ``steady_months`` months (the inflow that keeps the share the
    orders in place start from). One run of ``steady_months`` serves both: its
    first months are those of a shorter run."""
    result = simulate(population, months=max(months, steady_months), assumptions=assumptions)
    return _measures_of(result, months)


def fitted_measures(
    population: Population, assumptions: AssumptionSet, start: dt.date | None = None
) -> dict[str, float]:
    """Each fitted intercept's measure (:data:`FITTED`) from one run of
    :data:`CASELOAD_MONTHS` months from ``start`` (default: the month after
    the population date): the compliance shares over the whole quarters of
    the first :data:`MEASURE_MONTHS` months, the steady stocks' drift over all
    of them, as :func:`fit_compliance` measures them."""
    result = simulate(population, months=CASELOAD_MONTHS, start=start, assumptions=assumptions)
    return fitted_measures_of(result)


def fitted_measures_of(result) -> dict[str, float]:
    """:func:`fitted_measures` of a run already made, of
    :data:`CASELOAD_MONTHS` months."""
    if len(result.monthly) != CASELOAD_MONTHS:
        raise ValueError(f"the fitted measures need a run of {CASELOAD_MONTHS} months")
    early, steady = _measures_of(result, MEASURE_MONTHS), _measures_of(result, CASELOAD_MONTHS)
    return {
        path: (steady if path in STEADY else early)[measure]
        for path, (_, measure) in FITTED.items()
    }


def _measures_of(result, months: int) -> dict[str, float]:
    whole = result.quarterly[result.quarterly.months == 3]
    quarters = whole[whole.quarter_end <= result.monthly.month.iloc[months - 1]]
    out = {
        measure: float(quarters[measure].mean())
        for _, measure in FITTED.values()
        if measure in quarters
    }
    if not whole.empty:
        out["collect_and_pay_paying_by_deo_share" + LAST_QUARTER] = float(
            whole.collect_and_pay_paying_by_deo_share.iloc[-1]
        )
    out.update(_monthly_measures(result.monthly.iloc[:months]))
    return out


def direct_pay_moves_quarterly_share(monthly) -> float:
    """The share of Direct Pay arrangements moving to Collect and Pay a quarter
    (A11), from the monthly rates of ``monthly`` (its rows: the months)."""
    return float(
        (monthly.moved_direct_pay_to_collect_and_pay / monthly.direct_pay_arrangements).mean()
        * MONTHS_A_QUARTER
    )


def _monthly_measures(monthly) -> dict[str, float]:
    due = monthly.collect_and_pay_due_to_pay
    caseload = monthly.cms_arrangements
    arrears_only = monthly.arrears_only_arrangements
    share = monthly.collect_and_pay_arrangements / caseload
    return {
        "cms_arrangements_change": float(caseload.iloc[-12:].mean() / caseload.iloc[0] - 1),
        "arrears_only_arrangements_change": float(
            arrears_only.iloc[-12:].mean() / max(arrears_only.iloc[0], 1.0) - 1
        ),
        "collect_and_pay_share_change": float(
            share.iloc[-12:].mean() - share.iloc[0],
        ),
        "direct_pay_to_collect_and_pay_quarterly_share": direct_pay_moves_quarterly_share(monthly),
        "collect_and_pay_benefit_deduction_share": float(
            (monthly.deductions_from_benefit / due).mean()
        ),
        "collect_and_pay_earnings_order_share": float(
            (monthly.deduction_from_earnings_orders / due).mean()
        ),
    }


def behaviour_calibration(
    population: Population,
    assumptions: AssumptionSet | None = None,
    months: int = 24,
    targets: list | None = None,
):
    """The behaviour part of the calibration report: each fitted parameter with
    the published figure it reproduces, and the published figures compared but
    not fitted, against the simulated values in the fit window (the first whole
    quarters) and in the last four quarters of a ``months``-month run (how far
    the baseline drifts)."""
    import pandas as pd

    from simulator.population.targets import load_targets

    assumptions = assumptions or load_assumptions()
    targets = {t.id: t for t in (targets if targets is not None else load_targets())}
    result = simulate(population, months=months, assumptions=assumptions)
    quarters = result.quarterly[result.quarterly.months == 3].copy()
    quarters["collect_and_pay_paid_up_to_90pct_share"] = (
        quarters.collect_and_pay_paid_some_share - quarters.collect_and_pay_paid_over_90pct_share
    )
    window = quarters[quarters.quarter_end <= result.monthly.month.iloc[MEASURE_MONTHS - 1]]
    late = quarters.tail(4)
    early_m = _monthly_measures(result.monthly.iloc[:MEASURE_MONTHS])
    late_m = _monthly_measures(result.monthly.iloc[-12:])

    def simulated(measure: str, frame, monthly: dict) -> float:
        if measure.endswith(LAST_QUARTER) and measure[: -len(LAST_QUARTER)] in frame:
            return float(frame[measure[: -len(LAST_QUARTER)]].iloc[-1])
        return float(frame[measure].mean()) if measure in frame else monthly[measure]

    rows = []
    for path, (register, measure) in FITTED.items():
        if register is None:
            rows.append(_caseload_row(assumptions, path, early_m, late_m))
            continue
        item, target = assumptions[path], assumptions[register]
        ids = ", ".join(item.targets)
        rows.append(
            {
                "id": ids,
                "published": target.central,
                "published_range": f"{target.low:.1%} to {target.high:.1%}",
                "simulated_fit_window": simulated(measure, window, early_m),
                "simulated_last_year": simulated(measure, late, late_m),
                "measure": measure,
                "treatment": f"fitted: {path.rsplit('.', 1)[-1]} = {assumptions.value(path):g} "
                f"({item.low:g} to {item.high:g})",
                "source": target.sources[0].title if target.sources else "",
            }
        )
    for id_, measure in COMPARED.items():
        t = targets.get(id_)
        if t is None:
            continue
        rows.append(
            {
                "id": id_,
                "published": t.value,
                "published_range": t.period,
                "simulated_fit_window": simulated(measure, window, early_m),
                "simulated_last_year": simulated(measure, late, late_m),
                "measure": measure,
                "treatment": "compared, not fitted",
                "source": t.source_title,
            }
        )
    rows.append(
        {
            "id": "",
            "published": float("nan"),
            "published_range": "not published",
            "simulated_fit_window": early_m["collect_and_pay_earnings_order_share"],
            "simulated_last_year": late_m["collect_and_pay_earnings_order_share"],
            "measure": "collect_and_pay_earnings_order_share",
            "treatment": "model output",
            "source": "",
        }
    )
    return pd.DataFrame(rows)


def _caseload_row(assumptions, path: str, early: dict, late: dict) -> dict:
    item = assumptions[path]
    return {
        "id": ", ".join(item.targets),
        "published": 0.0,
        "published_range": STEADY[path],
        "simulated_fit_window": early[FITTED[path][1]],
        "simulated_last_year": late[FITTED[path][1]],
        "measure": FITTED[path][1],
        "treatment": f"fitted: {path.rsplit('.', 1)[-1]} = {assumptions.value(path):g} "
        f"({item.low:g} to {item.high:g})",
        "source": item.sources[0].title if item.sources else "",
    }


def fit_compliance(
    population: Population, assumptions: AssumptionSet | None = None, end: str = "central"
) -> dict[str, float]:
    """Intercepts that reproduce the published figures at ``end`` of their
    ranges (``central``, ``low`` or ``high``)."""
    assumptions = assumptions or load_assumptions()
    goals = {
        path: 0.0 if target is None else getattr(assumptions[target], end)
        for path, (target, _) in FITTED.items()
    }
    values = {path: assumptions.value(path) for path in FITTED}

    for _ in range(ROUNDS):
        worst = 0.0
        for path, (_, measure) in FITTED.items():
            months = CASELOAD_MONTHS if path in STEADY else MEASURE_MONTHS

            def gap(x: float, path=path, measure=measure, months=months) -> float:
                trial = assumptions.with_overrides({**values, path: x}, source="fit-behaviour")
                return compliance_measures(population, trial, months)[measure] - goals[path]

            current = gap(values[path])
            worst = max(worst, abs(current))
            if abs(current) <= SHARE_TOLERANCE:
                continue
            low, high = BRACKETS[_bracket(path)]
            if path in STEADY and path not in GROWS_WITH:  # more closures, a smaller stock
                low, high = high, low
            below, above = gap(low) > 0, gap(high) < 0
            if (below or above) and end != "central":
                # an end of a published range the parameter cannot reach (the
                # deduction payers alone pay more): the nearest value it can take
                values[path] = low if below else high
                continue
            if below or above:
                raise ValueError(
                    f"cannot reach {goals[path]:.3f} for {path} within [{low}, {high}]"
                )
            tolerance = HAZARD_TOLERANCE if path in STEADY else X_TOLERANCE
            values[path] = optimize.brentq(gap, low, high, xtol=tolerance)
        if worst <= SHARE_TOLERANCE:
            break
    return values


def _bracket(path: str) -> str:
    if path in STEADY and path not in GROWS_WITH:
        return "hazard"
    return "logit" if path.endswith(("logit", "shift")) else "share"


class FittedFileError(SimulatorError):
    """A place the fitted values cannot be written to."""


def check_destination(destination: str | Path) -> Path:
    """``destination`` as a path, if the fitted-values file can be written
    there: a file name (not a folder) in a folder that exists and can be
    written; otherwise an error saying what to fix (checked before fitting,
    which takes minutes, and again when writing)."""
    destination = Path(destination)
    folder = destination.parent
    if destination.is_dir():
        raise FittedFileError(
            f"{destination} is a folder; give the file to write, e.g. "
            f"{destination / FITTED_FILE.name}"
        )
    if folder.exists() and not folder.is_dir():
        raise FittedFileError(f"{folder} is a file, not a folder; choose another file to write")
    if not folder.is_dir():
        raise FittedFileError(
            f"folder {folder} does not exist; create it or choose another file to write"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FittedFileError(f"folder {folder} cannot be written; choose another file to write")
    from simulator.reports.files import OutputError, check_output_file

    try:
        check_output_file(destination)  # a device, FIFO or read-only file is refused
    except OutputError as exc:
        raise FittedFileError(str(exc)) from None
    return destination


def write_fitted(
    central: dict[str, float],
    low: dict[str, float],
    high: dict[str, float],
    population: Population,
    destination: str | Path,
) -> None:
    """Write the package's fitted-values file (``FITTED_FILE``) with the new
    values and how they were made to ``destination``, all-or-nothing: on any
    error nothing is written there. To update the package, give its file."""
    from simulator.reports.files import write_text_atomic

    destination = check_destination(destination)
    text = FITTED_FILE.read_text(encoding="utf-8")
    tree = read_yaml(FITTED_FILE)
    group = tree["compliance_fitted"]
    stamp = (
        f"Fitted on {dt.date.today().isoformat()} by `cms-sim fit-behaviour` on "
        f"{population.families_at_date():,} families (seed {population.seed}, "
        f"date {population.date})."
    )
    for full in FITTED:
        name = full.rsplit(".", 1)[-1]
        old = group[name]
        # the parameters are fitted jointly, so a low end of one target can need
        # a high value of a parameter: the range spans all three fits
        ends = (central[full], low[full], high[full])
        fitted = {"central": central[full], "low": min(ends), "high": max(ends)}
        for field, value in fitted.items():
            text = _replace_field(text, name, field, old[field], round(value, 4))
        target = FITTED[full][0]
        if full == ARREARS_ONLY:
            reasoning = (
                "The value with which the baseline's arrears-only Collect and Pay cases, "
                "given the cases that close owing arrears and those whose arrears are "
                "cleared, stay where the population starts them (A12c, 180,000 paying "
                "parents due to pay), the average of the last 12 of 24 months equal to the "
                f"first month (Brent's method, alternating with the other intercepts). {stamp} "
                "Fitted once and held, so a reform that changes the flows changes the stock."
            )
        elif full == MOVES:
            reasoning = (
                "The value with which the baseline's Collect and Pay share of CMS "
                "arrangements, given the services new cases start on and the cases that "
                "leave each service, stays where the population starts it (A04c, 40%), the "
                "average of the last 12 of 24 months equal to the first month (Brent's "
                f"method, alternating with the other intercepts). {stamp} The moves it "
                "gives are compared with A11 (about 3% of Direct Pay a quarter), not fitted "
                "to it. Fitted once and held, so a reform that changes the flows changes "
                "the mix."
            )
        elif target is None:
            reasoning = (
                "The value with which the baseline's CMS caseload, given the applications "
                "(A09a) and the relative closure hazards, stays where the population starts "
                "it (A04a), the average of the last 12 of 24 months equal to the first month "
                f"(Brent's method, alternating with the compliance intercepts). {stamp} "
                "Fitted once and held, so a reform that changes the flows changes the caseload."
            )
        else:
            reasoning = (
                f"The value with which the baseline reproduces {target} (central); low and "
                f"high span the fits to the low and high ends of the published ranges. {stamp} "
                "Fitted, so the targets are not independent validation."
            )
        text = _replace_field(text, name, "reasoning", old["reasoning"], reasoning)
    try:
        write_text_atomic(text, destination)
    except OSError as exc:
        raise FittedFileError(f"cannot write {destination}: {exc.strerror or exc}") from None


def _replace_field(text: str, name: str, field: str, old, new) -> str:
    start = text.index(f"  {name}:")
    end = text.find("\n  ", start + 1)
    while end != -1 and text[end + 3] == " ":
        end = text.find("\n  ", end + 1)
    block = text[start : end if end != -1 else len(text)]
    line = f"    {field}: {old}"
    if line not in block:
        raise ValueError(f"cannot find '{field}' of {name} in {FITTED_FILE}")
    updated = block.replace(line, f"    {field}: {new}", 1)
    return text[:start] + updated + text[start + len(block) :]
