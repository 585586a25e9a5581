"""Running the dynamics: the warm-up history, runs branching from it, chunks
of the population on worker processes, and the results put together.

:func:`simulate` runs one policy; :func:`simulate_runs` runs several on the
same families from the same history, the warm-up months worked out once for
the runs whose parameters agree on them, each run going on from a copy of the
state. The population is cut into chunks of whole paying parents (the cut
depends only on the population) and run in forked worker processes where the
machine allows; neither the cut nor the workers change any result beyond the
last bits of floating-point totals.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.dynamics.initial import with_initial_conditions
from simulator.dynamics.month import step as step_month
from simulator.dynamics.processes import arrears, enforcement
from simulator.dynamics.processes.households import money_date
from simulator.dynamics.reporting import Recorder, SimulationResult, quarter_shares
from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.dynamics.timing import MONTHS_IN_YEAR, add_months, month_starts
from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.inputs.switches import Switches
from simulator.population import Population
from simulator.randomness import KeyedRandom
from simulator.workers import stop_workers, worker_start

__all__ = [
    "CHUNK_FAMILIES",
    "MIN_CHUNK_FAMILIES",
    "Run",
    "share_lives",
    "simulate",
    "simulate_runs",
]

#: Families per chunk: the population is cut into chunks of whole paying-parent
#: units of about this size, simulated independently (in worker processes where
#: the machine allows). The cut depends only on the population, so results do
#: not depend on the machine; a family's results do not depend on the cut either.
CHUNK_FAMILIES = 150_000
#: A run of at least twice this many families is cut in two at least.
MIN_CHUNK_FAMILIES = 40_000


@dataclass
class _ChunkResult:
    rows: list[dict]
    quarters: list[dict]
    families: dict[str, np.ndarray]
    records: dict[str, np.ndarray] | None
    corrected: np.ndarray
    poverty_lines: dict[str, float]


@dataclass(frozen=True)
class Run:
    """One policy run: the parameters, behaviour and switches from the start.

    ``off`` and ``base`` (a counterfactual run of a decomposition into
    channels, :mod:`simulator.experiments.channels`): the channels
    (:data:`simulator.dynamics.state.CHANNELS`) whose processes read the
    baseline's run ``base`` instead of this one's."""

    parameters: ParameterSet
    assumptions: AssumptionSet
    switches: Switches = field(default_factory=Switches)
    off: frozenset = frozenset()
    base: Run | None = None

    def reads(self, channel: str) -> Run:
        """The run whose law, behaviour and switches ``channel`` reads."""
        return self.base if channel in self.off else self


def simulate(
    population: Population,
    parameters: ParameterSet | None = None,
    months: int = 24,
    start: dt.date | str | None = None,
    rng: KeyedRandom | int | None = None,
    *,
    assumptions: AssumptionSet | None = None,
    window_months: int = 12,
    record: bool = False,
    chunk_families: int = CHUNK_FAMILIES,
    workers: int | None = None,
    switches: Switches | None = None,
    warm_up_assumptions: AssumptionSet | None = None,
    warm_up_switches: Switches | None = None,
) -> SimulationResult:
    """Move ``population`` forward ``months`` months from ``start`` (default:
    the first of the month after the population date).

    ``rng``: a :class:`KeyedRandom`, a seed, or None for the population's seed.
    ``window_months``: the last months summed per family (for annual outcomes;
    all months if fewer were simulated).
    ``record``: keep per-family monthly arrays (memory grows with months x families).
    ``switches``: structural reforms (:class:`Switches`; default none).
    ``warm_up_assumptions``, ``warm_up_switches``: behaviour during the warm-up
    months before ``start`` and for the steady-state rates (default: the same as
    the run's). A comparison passes current law's, so that every scenario starts
    from the same history and a reform acts only from its start.
    ``chunk_families``, ``workers``: how the work is cut and how many worker
    processes run it (default: the machine's cores; 1 = in this process);
    neither changes any result beyond the last bits of floating-point totals.
    """
    assumptions = assumptions or load_assumptions()
    switches = switches or Switches()
    return simulate_runs(
        population,
        [Run(parameters or load_parameters(), assumptions, switches)],
        months,
        start,
        rng,
        history=warm_up_assumptions or assumptions,
        history_switches=warm_up_switches if warm_up_assumptions is not None else switches,
        window_months=window_months,
        record=record,
        chunk_families=chunk_families,
        workers=workers,
    )[0]


class HorizonError(SimulatorError):
    """A run goes beyond the months the population's entrants cover."""


def _check_entrants(population: Population, start: dt.date, months: int) -> None:
    """Refuse a run whose last month is past the last month in which the
    population has entrants (families who separate during the run,
    :mod:`simulator.population.entrants`): after it no family would
    separate. A population without the record (older files, hand-made
    frames) is taken as it is."""
    covered = population.metadata.get("entrant_months")
    if covered is None:
        return
    d = population.date
    last = (start.year - d.year) * MONTHS_IN_YEAR + start.month - d.month + months - 1
    if last > int(covered):
        raise HorizonError(
            f"the population's entrants (families separating during the run) cover "
            f"{covered} months after its date ({d}); this run ends {last} months after it. "
            f"Build the population for the run's horizon: synthesise_population(..., "
            f"entrant_months={last}), or cms-sim population --months {last}"
        )


def simulate_runs(
    population: Population,
    runs: list[Run],
    months: int = 24,
    start: dt.date | str | None = None,
    rng: KeyedRandom | int | None = None,
    *,
    history: AssumptionSet | None = None,
    history_switches: Switches | None = None,
    window_months: int = 12,
    record: bool = False,
    chunk_families: int = CHUNK_FAMILIES,
    workers: int | None = None,
) -> list[SimulationResult]:
    """Several runs on the same families from the same history: the same as
    one :func:`simulate` call per run with ``warm_up_assumptions=history`` and
    ``warm_up_switches=history_switches``, result for result, but the warm-up
    months are simulated once for the runs whose parameters agree on them and
    each run goes on from a copy of that state (and one set of worker processes
    serves them all). ``history``: default the first run's assumptions."""
    if months < 1:
        raise ValueError("months must be 1 or more")
    if window_months < 1:
        raise ValueError("window_months must be 1 or more")
    if not runs:
        raise ValueError("give at least one run")
    window_months = min(window_months, months)
    if start is None:
        d = population.date
        start = dt.date(d.year + (d.month == MONTHS_IN_YEAR), d.month % MONTHS_IN_YEAR + 1, 1)
    elif isinstance(start, str):
        start = dt.date.fromisoformat(start)
    start = dt.date(start.year, start.month, 1)
    _check_entrants(population, start, months)
    if not isinstance(rng, KeyedRandom):
        rng = KeyedRandom(population.seed if rng is None else int(rng))
    history = history or runs[0].assumptions
    shared = SharedRates.of(population, history.values())
    warm_up = int(history.value("behaviour.simulation.warm_up_months"))
    # Runs whose parameters agree on the history (the date it begins, which
    # sets the starting state, and every warm-up month) share one warm-up.
    history_start = add_months(start, -warm_up)
    history_dates = [history_start, *month_starts(history_start, warm_up)]
    groups: dict[str, list[int]] = {}
    for i, run in enumerate(runs):
        groups.setdefault(run.parameters.digest_on(history_dates), []).append(i)

    # within each group, the batches of runs that share children, incomes and
    # households
    sharing = [_sharing_lives([runs[i] for i in g], start, months) for g in groups.values()]
    chunks = _chunks(population, chunk_families)
    # the arrears stock and the deduction orders at the population date, worked
    # out on the whole population (the chunks get them as columns)
    population = with_initial_conditions(
        population,
        history.values(),
        runs[0].parameters,
        rng,
        _history_law_date(population.date, start),
    )
    args = (
        runs,
        list(groups.values()),
        sharing,
        rng,
        start,
        months,
        window_months,
        record,
        shared,
        warm_up,
        history,
        history_switches,
    )
    processes = min(workers or os.cpu_count() or 1, len(chunks))
    # each chunk's results are put into the runs' full arrays as they come
    # (then dropped), in chunk order
    parts = [_Parts(len(population), months, record) for _ in runs]

    def collect(index: np.ndarray, by_run: list[_ChunkResult]) -> None:
        for part, result in zip(parts, by_run, strict=True):
            part.add(index, result)

    if processes > 1 and "fork" in mp.get_all_start_methods():
        # worker processes inherit the population (copy-on-write) instead of
        # having it pickled to them; only the chunk number travels
        token = object()
        _FORKED[id(token)] = (population, chunks, args)
        try:
            pool = ProcessPoolExecutor(
                processes,
                mp_context=mp.get_context("fork"),
                initializer=worker_start,  # no worker outlives the run (simulator.workers)
                initargs=(os.getpid(),),
            )
            try:
                jobs = pool.map(_run_forked, [(id(token), i) for i in range(len(chunks))])
                for index, by_run in zip(chunks, jobs, strict=True):
                    collect(index, by_run)
            except BaseException:  # Ctrl-C or a failure: the workers killed, not awaited
                stop_workers(pool)
                raise
            pool.shutdown()
        finally:
            del _FORKED[id(token)]
    else:
        for index in chunks:
            collect(index, _run_chunk(_part(population, index, len(chunks)), *args))
    return [_combine(part, chunks, start, months, window_months, rng, warm_up) for part in parts]


class _Parts:
    """One run's chunk results, gathered in chunk order: the monthly and
    quarterly totals and months to corrected liabilities of each chunk, and
    the per-family arrays (and records) written into full-length arrays as
    each chunk comes, so that no chunk's copy is kept."""

    def __init__(self, n: int, months: int, record: bool):
        self.n, self.months, self.record = n, months, record
        self.rows: list[list[dict]] = []
        self.quarters: list[list[dict]] = []
        self.corrected: list[np.ndarray] = []
        self.families: dict[str, np.ndarray] | None = None
        self.records: dict[str, np.ndarray] | None = None
        self.poverty_lines: dict[str, float] = {}

    def add(self, index: np.ndarray, r: _ChunkResult) -> None:
        self.rows.append(r.rows)
        self.quarters.append(r.quarters)
        self.corrected.append(r.corrected)
        if self.families is None:  # the first chunk: the types, the poverty lines
            self.families = {k: np.zeros(self.n, dtype=v.dtype) for k, v in r.families.items()}
            self.poverty_lines = r.poverty_lines
            if self.record:
                self.records = {
                    k: np.zeros((self.months, self.n), dtype=v.dtype) for k, v in r.records.items()
                }
        for key, full in self.families.items():
            full[index] = r.families[key]
        if self.record:
            for key, full in self.records.items():
                full[:, index] = r.records[key]


def _combine(
    parts: _Parts,
    chunks: list[np.ndarray],
    start: dt.date,
    months: int,
    window_months: int,
    rng: KeyedRandom,
    warm_up: int,
) -> SimulationResult:
    """One run's result from its chunks' results."""
    monthly = _monthly_totals(parts.rows)
    first = parts.quarters[0]
    quarterly = quarter_shares(
        pd.DataFrame(
            [
                {
                    k: (
                        sum(quarters[q][k] for quarters in parts.quarters)
                        if k not in ("quarter_end", "months")
                        else first[q][k]
                    )
                    for k in first[q]
                }
                for q in range(len(first))
            ]
        )
    )
    corrected = np.concatenate(parts.corrected)
    metadata = {
        "start": start.isoformat(),
        "months": months,
        "window_months": window_months,
        "seed": rng.seed,
        "warm_up_months": warm_up,
        "chunks": len(chunks),
        "months_to_corrected_liability_mean": float(corrected.mean()) if corrected.size else None,
        # the poverty lines over the window (the mean of its months', £ a week)
        "poverty_lines": parts.poverty_lines,
    }
    return SimulationResult(
        monthly=monthly,
        quarterly=quarterly,
        families=parts.families,
        records=parts.records,
        metadata=metadata,
    )


def _monthly_totals(chunks: list[list[dict]]) -> pd.DataFrame:
    """The monthly table: the chunks' rows (a month and numbers each) added
    up chunk by chunk, in chunk order, in one array rather than column by
    column in a frame (the same sums)."""
    monthly = pd.DataFrame(chunks[0])
    if len(chunks) == 1:
        return monthly
    numeric = monthly.columns.drop("month")
    total = monthly[numeric].to_numpy()
    for rows in chunks[1:]:
        values = np.array([[row[name] for name in numeric] for row in rows])
        if values.dtype != np.float64 or total.dtype != np.float64:
            values = pd.DataFrame(rows)[numeric].to_numpy()  # as a frame converts them
        total = total + values
    out = pd.DataFrame(total, columns=numeric, index=monthly.index)
    out.insert(0, "month", monthly["month"])
    return out


#: Simulations being run by forked worker processes: token -> (population,
#: chunks, arguments), inherited by the workers when they fork.
_FORKED: dict[int, tuple] = {}


def _run_forked(job: tuple[int, int]) -> list[_ChunkResult]:
    population, chunks, args = _FORKED[job[0]]
    # the worker processes already share the cores: one rules-engine thread each
    return _run_chunk(_part(population, chunks[job[1]], len(chunks)), *args, threads=1)


def _part(population: Population, index: np.ndarray, count: int) -> Population:
    if count == 1:
        return population
    return Population(
        {k: v[index] for k, v in population.columns.items()}, population.seed, population.date
    )


def _chunks(population: Population, chunk_families: int) -> list[np.ndarray]:
    """Family indices of each chunk: whole paying-parent units, in order of
    paying-parent id, about ``chunk_families`` families each (at least two
    chunks from 2 x MIN_CHUNK_FAMILIES families). The cut depends only on the
    population, never on the machine."""
    n = len(population)
    count = max(1, -(-n // max(int(chunk_families), 1)))
    if count == 1 and n >= 2 * MIN_CHUNK_FAMILIES:
        count = 2  # two halves, so that two cores share a mid-sized run
    if count == 1:
        return [np.arange(n)]
    units = population.units
    chunk_of = (units.of.astype(np.int64) * count) // units.count
    order = np.argsort(chunk_of, kind="stable")
    bounds = np.searchsorted(chunk_of[order], np.arange(1, count))
    return [part for part in np.split(order, bounds) if part.size]


def _run_chunk(
    population: Population,
    runs: list[Run],
    groups: list[list[int]],
    sharing: list[list[list[int]]],
    rng: KeyedRandom,
    start: dt.date,
    months: int,
    window_months: int,
    record: bool,
    shared: SharedRates,
    warm_up: int,
    history: AssumptionSet,
    history_switches: Switches | None,
    threads: int | None = None,
) -> list[_ChunkResult]:
    """Simulate one chunk of families for every run: the warm-up once for each
    group of runs (whose parameters agree on the warm-up months), then each run
    of the group from its own copy of the state, in the batches of
    ``sharing`` (:func:`_sharing_lives`: runs in a batch share their
    children, incomes and households). ``threads``: the rules engine's
    threads (None: all cores)."""
    results: list[_ChunkResult | None] = [None] * len(runs)
    for group, together in zip(groups, sharing, strict=True):
        history_start = add_months(start, -warm_up)
        state = State.start_of(
            population,
            runs[group[0]].parameters,
            history,
            rng,
            start,
            shared,
            history_switches,
            law_date=history_start,
            threads=threads,
        )
        state.month_index = -warm_up
        _initial_conditions(state, population, runs[group[0]].parameters)
        # the warm-up months are the ones before the start, under the law then
        # in force: they give payment streaks and enforcement stages a history
        for when in month_starts(history_start, warm_up):
            step_month(state, when, frozen=True)
        # the arrears stock and the orders in place at the population date
        # are the published ones
        _initial_conditions(state, population, runs[group[0]].parameters)
        state.month_index = 0
        # each batch from its own copy of the warm-up; the last from the warm-up
        for b, positions in enumerate(together):
            batch = [group[k] for k in positions]
            last = b == len(together) - 1
            states = [state.branch() for _ in batch[:-1]] + [state if last else state.branch()]
            lead = states[-1]
            for other in states[:-1]:  # the children, incomes and households of one
                other.children, other.people = lead.children, lead.people
                other.tax_record, other.households = lead.tax_record, lead.households
            batch_results = _run_months(
                states, [runs[i] for i in batch], start, months, window_months, record
            )
            for i, result in zip(batch, batch_results, strict=True):
                results[i] = result
    return results


#: Runs moved in lockstep at once (each holds a state of its own besides the
#: shared children, incomes and households).
LOCKSTEP_RUNS = 2
#: With counterfactual runs (a decomposition into channels, ``Run.off``):
#: the most states moved in lockstep at once, a reform's run going with its
#: counterfactual runs (the states are a chunk's, :data:`CHUNK_FAMILIES`
#: families at most), so that its children, incomes and households are worked
#: out once for them all.
LOCKSTEP_WITH_COUNTERFACTUALS = 5
#: What :func:`simulator.dynamics.month.live` reads of the law (sections of the
#: statutory parameters) and of the register (prefixes of assumption paths).
LIVES_LAW = (
    "child_benefit",
    "council_tax",
    "hbai",
    "income",
    "income_tax",
    "local_housing_allowance",
    "minimum_wage",
    "national_insurance",
    "scottish_child_payment",
    "universal_credit",
    "warm_home_discount",
)
LIVES_REGISTER = ("behaviour.income.", "behaviour.family.", "behaviour.households.", "population.")


def _sharing_lives(runs: list[Run], start: dt.date, months: int) -> list[list[int]]:
    """Every run (positions in ``runs``) in a batch of runs whose children,
    incomes and households follow each other's exactly, so that they can be
    worked out once for each batch (:func:`_run_months`): the same tax-benefit
    law every month, law periods changing in the same months (households are
    worked out again when the law's period changes), the same register values
    for incomes, families, households and the population. Each batch holds at
    most :data:`LOCKSTEP_RUNS` runs, so that no more states are held at once
    than a baseline and one reform need (counterfactual runs, in batches of
    their own, :data:`LOCKSTEP_COUNTERFACTUAL`); a run that shares with no
    other is a batch of its own."""
    dates = month_starts(start, months)
    classes: dict[tuple, list[int]] = {}
    for k, run in enumerate(runs):
        classes.setdefault(_lives_key(run, dates), []).append(k)
    batches = []
    for members in classes.values():
        units = _with_counterfactuals(runs, members)
        if not any(runs[k].off for k in members):
            step = LOCKSTEP_RUNS
            batches += [members[b : b + step] for b in range(0, len(members), step)]
            continue
        batch: list[int] = []
        for unit in units:  # packed in order, a unit never split
            if batch and len(batch) + len(unit) > LOCKSTEP_WITH_COUNTERFACTUALS:
                batches.append(batch)
                batch = []
            batch = batch + unit
        batches.append(batch)
    return batches


def _with_counterfactuals(runs: list[Run], members: list[int]) -> list[list[int]]:
    """``members`` (positions in ``runs``) in units: each ordinary run with
    the counterfactual runs of its own decomposition among them (the same
    parameters and assumptions), and the counterfactual runs left on their own."""
    units: list[list[int]] = []
    of: dict[tuple[int, int], list[int]] = {}
    for k in members:
        run = runs[k]
        if not run.off:
            units.append([k])
            of.setdefault((id(run.parameters), id(run.assumptions)), units[-1])
    for k in members:
        run = runs[k]
        if run.off:
            unit = of.get((id(run.parameters), id(run.assumptions)))
            if unit is None:
                units.append([k])
            else:
                unit.append(k)
    return units


def share_lives(a: Run, b: Run, start: dt.date, months: int) -> bool:
    """Whether runs ``a`` and ``b`` have the same children, incomes and
    households month by month (what :func:`simulator.dynamics.month.live`
    reads agrees: the criterion of :func:`_sharing_lives`)."""
    dates = month_starts(start, months)
    return _lives_key(a, dates) == _lives_key(b, dates)


def _lives_key(run: Run, dates: list[dt.date]) -> tuple:
    """What the children, incomes and households of ``run`` read over ``dates``."""
    run = run.reads("households")
    law = ParameterSet({k: v for k, v in run.parameters.items() if k.split(".")[0] in LIVES_LAW})
    snapshots = [run.parameters.at(when) for when in dates]
    changes = [a.date != b.date for a, b in itertools.pairwise(snapshots)]
    register = {
        path: repr(run.assumptions.value(path))
        for path in run.assumptions.keys()
        if path.startswith(LIVES_REGISTER)
    }
    return (
        law.digest_on(dates),
        tuple(changes),
        tuple(money_date(p) for p in snapshots),
        tuple(sorted(register.items())),
    )


def _run_months(
    states: list[State],
    runs: list[Run],
    start: dt.date,
    months: int,
    window_months: int,
    record: bool,
) -> list[_ChunkResult]:
    """The runs' months from the start, one state each: additive monthly and
    quarterly totals, per-family window sums and end states, and records if
    asked for. Runs that share their children, incomes and households (the
    same objects in every state: :func:`_sharing_lives`) go month by month in
    step: those move once a month, on the first state; then each run's own
    month."""
    recorders = []
    for state, run in zip(states, runs, strict=True):
        base = run.base
        state.use(
            run.parameters,
            run.assumptions,
            run.switches,
            run.off,
            None if base is None else (base.parameters, base.assumptions, base.switches),
        )
        recorders.append(Recorder(state, months, window_months, record))
    for k, when in enumerate(month_starts(start, months)):
        lives = None
        for state, recorder in zip(states, recorders, strict=True):
            flows = step_month(state, when, lives=lives)
            lives = flows.lives
            recorder.add(state, flows, when, k)
    return [
        _chunk_result(state, recorder, record)
        for state, recorder in zip(states, recorders, strict=True)
    ]


def _history_law_date(population_date: dt.date, start: dt.date) -> dt.date:
    """The date whose law the initial conditions are worked out under: the
    history's last month (before any reform starts), never after the
    population date."""
    return min(population_date, add_months(start, -1))


def _initial_conditions(state: State, population: Population, parameters: ParameterSet) -> None:
    """The arrears and the deduction from earnings orders in place at the
    population date (set at the start of the warm-up, so that its months have
    them, and again at its end), from the population's initial-condition
    columns (:mod:`simulator.dynamics.initial`), with the paying parent's fee
    at the rate in force before the start; the unrecorded Direct Pay
    shortfalls count from then."""
    law = parameters.at(_history_law_date(population.date, state.start))
    rate = law.fees.collection.paying_parent_rate
    arrears.set_initial(state.arrears, population.columns["initial_arrears"], rate)
    state.arrears.direct_pay_shortfall[:] = 0.0
    enforcement.orders_in_place(
        state.enforcement,
        population.columns["initial_deo"],
        state.people.job[state.frame.unit_of],
        population.columns["initial_deo_effective"],
    )


def _chunk_result(state: State, recorder: Recorder, record: bool) -> _ChunkResult:
    """What a run of one chunk gives back: its monthly and quarterly totals,
    window sums and end state, records if asked for."""
    return _ChunkResult(
        rows=recorder.rows,
        quarters=recorder.quarters,
        families=recorder.end_state(state),
        records={k: np.stack(v) for k, v in recorder.records.items()} if record else None,
        corrected=recorder.corrected_months(),
        poverty_lines=recorder.window_lines(),
    )
