"""Why a reform does what it does: its effect split into channels that add up.

A reform's change in a metric (reform run less baseline run, the same
families and draws) is split by counterfactual runs that switch the reform on
one channel after another, in the order of
:data:`simulator.dynamics.state.CHANNELS`: (1) ``mechanical``, the statutory
change (liabilities and assessment, collection fees, the allocation of
payments) with every behavioural process still reading the baseline's law
and behaviour; (2) ``compliance``, paying parents' voluntary payment and
family-based payment responding to the reform (the fee and the fee threat
they see, the reform's compliance assumptions, deemed income); (3)
``service``, applications, closures, family-based arrangements, moves
between Direct Pay and Collect and Pay; (4) ``enforcement``, deduction
orders, liability orders, sanctions, recovery and write-offs under the
reform; (5) ``households``, the households' own responses, which the model
does not have for CMS policy (children, incomes and households read only the
tax-benefit law and the register's income, family and household values, the
same in every shipped scenario), so it is zero by construction.

Run k has the first k channels on; each channel is the difference between
successive runs, the first from the baseline run and the last to the
reform's own run (the last run with every channel on is the ordinary reform
run, byte for byte), so the channels add up to the total change exactly.
A counterfactual run is skipped where its channel reads nothing that
differs between the reform and the baseline (:data:`CHANNEL_READS`; the
channel is then zero and the run the same as the one before): scrapping the
4% fee needs one extra run (mechanical), the single collection service two.
The runs go in lockstep with the reform's run (one batch: the children,
incomes and households are worked out once).

The order matters where channels interact, but little for the shipped
reforms (100,000 families, 24 months): switching service moves on before
compliance moves no money channel by more than £0.7m a year and the
children-in-poverty (AHC) channels by at most about 140 children (the
package's enforcement channel, -1,039 or -899 when switched on before
service); the mechanical channel comes first in every order.

The order matters where channels interact: a channel is measured with the
channels before it on. The behavioural processes in a run with them off
still react to what the reform's law does to the families' amounts and
histories (a parent whose liability falls may pay in full and stay on
Direct Pay): only their rules and the law they read are the baseline's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.dynamics import Run, simulate_runs
from simulator.dynamics.runner import share_lives
from simulator.dynamics.state import CHANNELS
from simulator.experiments.runs import current_law_history, scenario_runs
from simulator.inputs.switches import Switches
from simulator.outcomes.metrics import metrics
from simulator.population import Population
from simulator.scenarios.load import Scenario

__all__ = [
    "CHANNELS",
    "CHANNEL_LABELS",
    "CHANNEL_METRICS",
    "CHANNEL_READS",
    "COLUMNS",
    "TOTAL",
    "ChannelPlan",
    "channel_plan",
    "channel_plans",
    "channel_sentence",
    "channel_table",
    "channel_values",
    "channels_markdown",
    "collect",
    "decompose",
    "extra_runs",
    "largest_channels",
    "sentence_channels",
]

#: The metrics decomposed (metrics.csv names) and their units; a metric
#: missing from the metrics (e.g. the cost to government before it is
#: modelled) is left out.
CHANNEL_METRICS = {
    "maintenance_received_all_arrangements_annual_gbp": "GBP a year",
    "children_in_relative_poverty_bhc": "children",
    "children_in_relative_poverty_ahc": "children",
    "children_in_relative_poverty_paying_households_bhc": "children",
    "children_in_relative_poverty_paying_households_ahc": "children",
    "paying_parents_in_relative_poverty_ahc": "paying parents",
    "arrears_stock_change_annual_gbp": "GBP a year",
    "arrears_stock_end_gbp": "GBP",
    "collection_fees_paying_parents_annual_gbp": "GBP a year",
    "collection_fees_receiving_parents_annual_gbp": "GBP a year",
    "cost_to_government_annual_gbp": "GBP a year",
}
#: What each behavioural channel's processes read (as
#: :mod:`simulator.dynamics.month` routes them): prefixes of statutory
#: parameter paths, prefixes of assumption paths, switch names. A
#: counterfactual run whose channel reads nothing that differs between the
#: reform and the baseline would be the same as the run before it, and is
#: skipped (the channel is zero). Family-based arrangements' amounts follow
#: the formula, so the service channel reads the formula's sections. The
#: mechanical channel reads the whole law (never skipped); the households'
#: channel is tested as the runner tests runs sharing their lives. (The
#: tests check, for every shipped reform, that the channels are the same
#: with no run skipped.)
CHANNEL_READS = {
    "compliance": (
        ("fees.collection.paying_parent_rate", "fees.collection.compliant_paying_parent_rate",
         "variations.lifestyle_income."),
        ("behaviour.compliance.", "behaviour.reform.deemed_income_compliance_shift",
         "behaviour_fitted."),
        (),
    ),
    "service": (
        ("service.direct_pay.", "service.collect_and_pay.", "fees.collection.",
         "fees.application.",
         "rates.", "shared_care.", "income.", "variations."),
        ("behaviour.service.", "behaviour.compliance.", "behaviour_fitted."),
        (),
    ),
    "enforcement": (
        ("service.liability_orders.", "fees.enforcement."),
        ("behaviour.enforcement.", "behaviour.compliance.", "behaviour_fitted."),
        ("automatic_deo_reissue", "administrative_disqualification"),
    ),
}  # fmt: skip
#: Plain-English names of the channels (for sentences and charts).
CHANNEL_LABELS = {
    "mechanical": "mechanically (the statutory change at unchanged behaviour)",
    "compliance": "from paying parents' compliance",
    "service": "from service moves and caseload",
    "enforcement": "from enforcement",
    "households": "from households' own responses",
}
#: The columns of ``channels.csv``.
COLUMNS = ("scenario", "metric", "channel", "value", "low", "high", "unit")
#: The row that holds the total change.
TOTAL = "total"
#: A channel is named in a reform's sentence if it is at least this share of
#: its largest channel (a presentation choice).
SENTENCE_SHARE = 0.05


@dataclass(frozen=True)
class ChannelPlan:
    """A reform's counterfactual runs: ``steps`` gives, for each channel in
    order, the position in ``runs`` of the run with it and every channel
    before it on, or None where that run is the reform's own (the last
    channel) or skipped (the same as the run before: the channel is zero)."""

    reform: str
    runs: list[Run]
    steps: list[tuple[str, int | None, bool]]  # channel, run position, skipped


def channel_plan(
    key: str,
    base: Run,
    reform: Run,
    start: dt.date,
    months: int,
    skip: bool = True,
    order: tuple[str, ...] = CHANNELS,
) -> ChannelPlan:
    """The counterfactual runs of the reform ``key`` (its run ``reform``)
    against the baseline's run ``base``, both from ``start`` for ``months``
    (``skip``: leave out the runs that would be the same as the one before;
    ``order``: the order the channels are switched on in, to see how much
    it matters; the steps follow it)."""
    if sorted(order) != sorted(CHANNELS):
        raise ValueError(f"order must hold each of {', '.join(CHANNELS)} once")
    skipped = [skip and _reads_same(c, base, reform, start, months) for c in order]
    # the last channel that reads something different: its run is the reform's
    last = max((k for k, skip in enumerate(skipped) if not skip), default=-1)
    runs: list[Run] = []
    steps = []
    for k, channel in enumerate(order):
        if skipped[k] or k == last:
            steps.append((channel, None, skipped[k]))
        else:
            off = frozenset(order[k + 1 :])
            runs.append(Run(reform.parameters, reform.assumptions, reform.switches, off, base))
            steps.append((channel, len(runs) - 1, False))
    return ChannelPlan(key, runs, steps)


def channel_plans(scenarios: list[Scenario], assumptions: list) -> list[ChannelPlan]:
    """The counterfactual runs of every reform (``scenarios[1:]``) against
    the baseline (``scenarios[0]``), with the runs' ``assumptions``."""
    runs = scenario_runs(scenarios, assumptions)
    base = scenarios[0]
    return [
        channel_plan(s.key, runs[0], run, base.start, base.months)
        for s, run in zip(scenarios[1:], runs[1:], strict=True)
    ]


def extra_runs(plans: list[ChannelPlan]) -> list[Run]:
    """Every plan's counterfactual runs, in order."""
    return [run for plan in plans for run in plan.runs]


def collect(
    store: dict[tuple[str, str, str], list[float]],
    plans: list[ChannelPlan],
    rows: dict[str, dict[str, float]],
    base_key: str,
    extra: list[dict[str, float]],
) -> None:
    """Add one replication's channels to ``store`` ((scenario, metric,
    channel) -> values): ``rows`` the metrics of each scenario's run,
    ``extra`` those of the plans' runs (in :func:`extra_runs` order)."""
    at = 0
    for plan in plans:
        mine = extra[at : at + len(plan.runs)]
        at += len(plan.runs)
        values = channel_values(plan, rows[base_key], rows[plan.reform], mine)
        for (metric, channel), value in values.items():
            store.setdefault((plan.reform, metric, channel), []).append(value)


def decompose(
    population: Population,
    scenarios: list[Scenario],
    rows: dict[str, dict[str, float]],
    workers: int | None = None,
) -> pd.DataFrame:
    """The channels of one reform (``scenarios``: the baseline and the
    reform) from its counterfactual runs alone, the baseline's and the
    reform's metrics (``rows``, by scenario key: a comparison's central
    replication, e.g. from its metrics table) given: what the dashboard runs
    for the reform being looked at. One replication (low = value = high)."""
    base = scenarios[0]
    assumptions = [s.assumptions for s in scenarios]
    (plan,) = channel_plans(scenarios, assumptions)
    history, history_switches = current_law_history()
    results = (
        simulate_runs(
            population,
            plan.runs,
            base.months,
            base.start,
            base.seed,
            history=history,
            history_switches=history_switches,
            workers=workers,
        )
        if plan.runs
        else []
    )
    store: dict[tuple[str, str, str], list[float]] = {}
    # costed as the reform is (its cost assumptions, its law, its one-off costs)
    reform = scenarios[1]
    costing = (reform.assumptions, reform.parameters, reform.one_off_costs_gbp)
    collect(store, [plan], rows, base.key, [metrics(population, r, *costing) for r in results])
    return channel_table(store, lambda data, central: (central, central))


def _reads_same(channel: str, base: Run, reform: Run, start: dt.date, months: int) -> bool:
    """Whether ``channel`` reads the same in the baseline and the reform, so
    that switching it on changes nothing: for the households' channel, the
    runner's own test for runs sharing children, incomes and households; for
    the behavioural channels, nothing in :data:`CHANNEL_READS` differs; the
    mechanical channel reads the whole law and is never skipped."""
    if channel == "households":
        return share_lives(base, reform, start, months)
    if channel not in CHANNEL_READS:
        return False
    law, register, switches = CHANNEL_READS[channel]
    params, values, names = _differences(base, reform)
    return not (
        any(path.startswith(law) for path in params)
        or any(path.startswith(register) for path in values)
        or any(name in switches for name in names)
    )


def _differences(base: Run, reform: Run) -> tuple[list[str], list[str], list[str]]:
    """The statutory parameters (their dated values), the assumptions and the
    switches in which ``reform`` differs from ``base``."""

    def dated(parameters, path):
        if path not in parameters:
            return None
        return tuple((v.start, repr(v.value)) for v in parameters[path].values)

    def value(assumptions, path):
        return repr(assumptions.value(path)) if path in assumptions else None

    a, b = base.parameters, reform.parameters
    params = [k for k in sorted(set(a) | set(b)) if dated(a, k) != dated(b, k)]
    x, y = base.assumptions, reform.assumptions
    values = [k for k in sorted(set(x) | set(y)) if value(x, k) != value(y, k)]
    s, t = base.switches, reform.switches
    names = [n for n in Switches.names() if getattr(s, n) != getattr(t, n)]
    return params, values, names


def channel_values(
    plan: ChannelPlan,
    base_row: dict[str, float],
    reform_row: dict[str, float],
    rows: list[dict[str, float]],
) -> dict[tuple[str, str], float]:
    """(metric, channel) -> value, and (metric, "total"), from the metrics
    of the baseline run, the reform run and the plan's runs (in order): each
    channel the difference between successive runs. A metric of
    :data:`CHANNEL_METRICS` missing from any of them is left out (to be
    decomposed, a metric must be worked out from a run's results by
    :func:`simulator.outcomes.metrics.metrics`)."""
    out = {}
    for metric in CHANNEL_METRICS:
        # a metric not worked out from every run (metrics()) is left out
        if any(metric not in row for row in (base_row, reform_row, *rows)):
            continue
        before = base_row[metric]
        for channel, position, skipped in plan.steps:
            if skipped:
                out[(metric, channel)] = 0.0
                continue
            after = reform_row[metric] if position is None else rows[position][metric]
            out[(metric, channel)] = after - before
            before = after
        out[(metric, TOTAL)] = reform_row[metric] - base_row[metric]
    return out


def channel_table(values: dict[tuple[str, str, str], list[float]], interval) -> pd.DataFrame:
    """scenario, metric, channel, value, low, high, unit from each
    (scenario, metric, channel)'s values in replication order (the first the
    central run; low and high by ``interval``, the comparison's range rule;
    with one replication low = value = high)."""
    rows = []
    for (key, metric, channel), series in values.items():
        data = np.asarray(series, dtype=float)
        low, high = interval(data, data[0])
        rows.append(
            {
                "scenario": key,
                "metric": metric,
                "channel": channel,
                "value": data[0],
                "low": low,
                "high": high,
                "unit": CHANNEL_METRICS[metric],
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def channel_sentence(
    table: pd.DataFrame, scenario: str, name: str, metric: str | None = None
) -> str:
    """A plain-English sentence on the reform ``scenario`` (called ``name``)
    from its largest channels of ``metric`` (default money received by all
    receiving parents): the total change, then up to three channels, largest
    first, that are at least 5% of the largest."""
    metric = metric or "maintenance_received_all_arrangements_annual_gbp"
    found = largest_channels(table, scenario, metric)
    if found is None:
        return ""
    total, largest = found
    unit = CHANNEL_METRICS[metric]
    said = [f"{_amount(v, unit)} {CHANNEL_LABELS[c]}" for c, v in largest]
    size = _amount(abs(total), unit, sign=False)
    if metric.startswith("maintenance_received"):
        head = f"{name} gives receiving parents {size} {'more' if total >= 0 else 'less'} a year"
    else:
        what = metric.replace("_annual_gbp", "").replace("_gbp", "").replace("_", " ")
        head = f"{name} moves {what} {'up' if total >= 0 else 'down'} by {size}"
    if not said:
        return head + " (no channel moves it)."
    return f"{head}: {', '.join(said)}."


def largest_channels(
    table: pd.DataFrame, scenario: str, metric: str
) -> tuple[float, list[tuple[str, float]]] | None:
    """The total change in ``metric`` of the reform ``scenario`` and its
    channels a sentence names: up to three, largest first, each at least 5%
    of the largest (:data:`SENTENCE_SHARE`); None without channels for it."""
    rows = table[(table.scenario == scenario) & (table.metric == metric)]
    if rows.empty or not (rows.channel == TOTAL).any():
        return None
    total = float(rows.loc[rows.channel == TOTAL, "value"].iloc[0])
    parts = rows[rows.channel != TOTAL]
    parts = parts.loc[parts.value.abs().sort_values(ascending=False, kind="stable").index]
    largest = max(float(parts.value.abs().max()), 0.0) if len(parts) else 0.0
    named = [
        (str(c), float(v))
        for c, v in zip(parts.channel, parts.value, strict=True)
        if largest > 0 and abs(v) >= SENTENCE_SHARE * largest
    ]
    return total, named[:3]


def sentence_channels(table: pd.DataFrame, scenario: str, metric: str) -> list[tuple[str, float]]:
    """The channels of :func:`largest_channels` by their plain short names
    (without the explanation in brackets: "mechanically", "from paying
    parents' compliance"...), for a sentence built elsewhere (the briefing's,
    :func:`simulator.reports.briefing.briefing_sentence`); empty without
    channels for the reform."""
    found = largest_channels(table, scenario, metric)
    if found is None:
        return []
    return [(CHANNEL_LABELS[c].split(" (")[0], v) for c, v in found[1]]


def _amount(value: float, unit: str, sign: bool = True) -> str:
    s = ("+" if value >= 0 else "-") if sign else ""
    v = abs(value)
    if unit.startswith("GBP"):
        if v >= 1e9:
            return f"{s}£{v / 1e9:.2f}bn"
        if v >= 1e6:
            return f"{s}£{v / 1e6:.1f}m"
        return f"{s}£{v:,.0f}"
    return f"{s}{v:,.0f} {unit}"


def channels_markdown(table: pd.DataFrame, scenarios: list[Scenario], run: dict) -> str:
    """``channels.md``: for each reform its sentence and, for each metric of
    :data:`CHANNEL_METRICS` in ``table``, its channels and total."""
    replications = int(run.get("replications", 1))
    lines = [
        "# Why each reform does what it does: channels",
        "",
        "Each change against the baseline is split by counterfactual runs on the same "
        "families and draws that switch the reform on one channel after another, in this "
        f"order: {', '.join(CHANNELS)}. Each channel is the difference between successive "
        "runs, so the channels add up to the total exactly; a channel is measured with the "
        "channels before it on. The households' channel is zero by construction (no "
        "household process responds to CMS policy). "
        + (
            f"Ranges: across {replications} replications, as in metrics.csv."
            if replications > 1
            else "One replication: low = value = high."
        ),
        "",
    ]
    for s in scenarios[1:]:
        rows = table[table.scenario == s.key]
        if rows.empty:
            continue
        lines += [f"## {s.name} (`{s.key}`)", "", channel_sentence(table, s.key, s.name), ""]
        lines.append("| metric | " + " | ".join([*CHANNELS, TOTAL]) + " |")
        lines.append("|---" * (len(CHANNELS) + 2) + "|")
        for metric, unit in CHANNEL_METRICS.items():
            by = rows[rows.metric == metric].set_index("channel").value
            if by.empty:
                continue
            cells = [_amount(float(by[c]), unit) for c in (*CHANNELS, TOTAL)]
            lines.append(f"| {metric} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
