"""A replication's families and fitted intercepts, before its runs.

Replication k of a comparison or a sweep (:mod:`simulator.experiments.replication`
says what it varies) runs on families of its own: a synthetic population of
seed + k built with the replication's drawn population assumptions, or, on a
population the user gives, those families resampled
(:func:`~simulator.experiments.replication.bootstrap_weights`). A synthetic
population's fitted levers (the pay ratios and the arrears-only share,
``cms-sim fit-population``) are re-fitted at the drawn population assumptions
before it is built; a given population is taken as it is. On its families the
replication then re-fits the behaviour's fitted intercepts at its draws
(:mod:`simulator.experiments.refit`). The central run (replication 0) is the
scenarios' own: the register's values on the seed's or the given families.
"""

from __future__ import annotations

from simulator.experiments.fit_behaviour import CASELOAD_MONTHS
from simulator.experiments.refit import (
    JACOBIAN_FAMILIES,
    central_sensitivities,
    population_sensitivities,
    refit,
    refit_gaps,
    refit_population,
)
from simulator.experiments.replication import Draw, bootstrap_weights, replication_draw
from simulator.experiments.runs import CompareError, run_population
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population import Population
from simulator.population.fit import fitted_gaps
from simulator.scenarios.load import Scenario

__all__ = ["refit_record", "replication_families"]

MONTHS_IN_YEAR = 12


#: Replications prepared in this process (their families and re-fits, which
#: depend on neither the reforms nor the runs): key -> (given population or
#: None, families, draw). A comparison of other reforms on the same families
#: (the dashboard's) re-fits nothing.
_PREPARED: dict[tuple, tuple] = {}
#: Most replications kept (each holds its families).
PREPARED_KEPT = 8


def replication_families(
    base: Scenario,
    replication: int,
    paths: list[str],
    families: int | None,
    population: Population | None = None,
) -> tuple[Population, Draw]:
    """Replication ``replication``'s families and its :class:`Draw` (points
    of the ranges of ``paths``, keyed to the baseline's seed, and the
    intercepts re-fitted on those families; none for the central run),
    prepared once per process for the same settings and register."""
    if replication == 0:
        return _prepare(base, replication, paths, families, population)
    key = (
        id(population),
        families,
        base.seed,
        base.start,
        base.months,
        replication,
        tuple(paths),
        load_assumptions().digest(),
    )
    if key not in _PREPARED:
        if len(_PREPARED) >= PREPARED_KEPT:
            _PREPARED.pop(next(iter(_PREPARED)))
        # the given population is held with its entry, so its id is not reused
        _PREPARED[key] = (population, *_prepare(base, replication, paths, families, population))
    return _PREPARED[key][1:]


def _prepare(
    base: Scenario,
    replication: int,
    paths: list[str],
    families: int | None,
    population: Population | None,
) -> tuple[Population, Draw]:
    draw = replication_draw(base.seed, replication, paths)
    seed = base.seed + replication
    if replication == 0:
        pop = population
        if pop is None:
            pop = run_population(families, seed, base.start, base.months)
        return pop, draw
    if population is not None:
        _check_refit_horizon(population, base)
        pop = bootstrap_weights(population, base.seed, replication)
    else:
        # entrants for the re-fit's 24 months too, if the run is shorter (the
        # families at the date are the same whatever the entrants' months)
        months = max(base.months, CASELOAD_MONTHS)
        drawn = _refit_population(draw, families, seed, base)
        pop = run_population(families, seed, base.start, months, drawn)
    size = len(population.at_date()) if population is not None else families
    sensitivities = central_sensitivities(base.seed, base.start, _jacobian_families(size))
    law = load_assumptions().at_positions(draw.positions)
    fitted = refit(pop, law, sensitivities, start=base.start)
    return pop, Draw(replication, draw.positions, fitted)


def refit_record(
    draw: Draw, baseline_result, base: Scenario, population: Population
) -> dict[str, dict[str, float]]:
    """What a replication's re-fit gave, for run.json: each intercept's value;
    on a run of 24 months, how far the baseline's fitted measure landed from
    its goal (simulated minus published; the steady stocks' drift); and the
    relative gap of each of the population's generator-fitted targets on its
    families."""
    record: dict[str, dict[str, float]] = {
        "values": {p.rsplit(".", 1)[-1]: round(v, 5) for p, v in draw.fitted.items()}
    }
    if base.months == CASELOAD_MONTHS:
        law = load_assumptions().at_positions(draw.positions)
        gaps = refit_gaps(baseline_result, law)
        record["gaps"] = {p.rsplit(".", 1)[-1]: round(g, 5) for p, g in gaps.items()}
    record["population_gaps"] = {k: round(g, 5) for k, g in fitted_gaps(population).items()}
    return record


def _jacobian_families(size: int | None) -> int:
    """The sensitivities on JACOBIAN_FAMILIES families, or fewer for a smaller run."""
    return min(JACOBIAN_FAMILIES, size or JACOBIAN_FAMILIES)


def _refit_population(
    draw: Draw, families: int | None, seed: int, base: Scenario
) -> AssumptionSet | None:
    """The replication's drawn population assumptions with the population's
    fitted levers (pay ratios, arrears-only share) re-fitted at them, on its
    own families (for the full GB population, on a sample of JACOBIAN_FAMILIES)."""
    drawn = draw.population_assumptions()
    if drawn is None:
        return None
    size = families or JACOBIAN_FAMILIES
    sensitivities = population_sensitivities(base.seed, base.start, _jacobian_families(size))
    fitted, _ = refit_population(size, seed, base.start, drawn, sensitivities)
    return fitted


def _check_refit_horizon(population: Population, base: Scenario) -> None:
    """A given population must have entrants for the re-fit's 24 months from
    the run's start; else a clear error with the fix."""
    covered = population.metadata.get("entrant_months")
    d = population.date
    needed = (
        (base.start.year - d.year) * MONTHS_IN_YEAR
        + base.start.month
        - d.month
        + CASELOAD_MONTHS
        - 1
    )
    if covered is not None and int(covered) < needed:
        raise CompareError(
            f"replications re-fit the fitted intercepts on runs of {CASELOAD_MONTHS} months, "
            f"but the population's entrants cover {covered} months after its date ({d}); "
            f"build it with `cms-sim population --months {needed}` (or "
            f"synthesise_population(..., entrant_months={needed})), or run one replication"
        )
