"""Runs start from current law's history: the warm-up before the start runs
under current law for baseline and reform alike, scenarios sharing a warm-up
give what separate runs give, and a reform run alone gives what it gives in a
comparison."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from simulator.dynamics import simulate
from simulator.dynamics.runner import Run, _sharing_lives
from simulator.experiments.compare import compare
from simulator.experiments.runs import run_scenarios
from tests.scenario_files import FAMILIES, population, short


def test_every_scenario_starts_from_current_laws_history():
    """The warm-up before the start runs under current law (its parameters,
    behaviour and switches) for baseline and reform alike, so both start from
    the same arrears and enforcement stages."""
    base, reform = short("baseline", 2), short("fix-the-cms-package", 2)
    pop = population()
    runs = [
        simulate(
            pop,
            s.parameters,
            s.months,
            s.start,
            s.seed,
            assumptions=s.assumptions,
            switches=s.switches,
            warm_up_assumptions=base.assumptions,
            warm_up_switches=base.switches,
            workers=1,
        )
        for s in (base, reform)
    ]
    np.testing.assert_array_equal(
        runs[0].families["arrears_start"], runs[1].families["arrears_start"]
    )
    assert runs[0].families["arrears_start"].sum() > 0
    # without the shared history the reform's own rules would have shaped it
    alone = simulate(
        pop,
        reform.parameters,
        reform.months,
        reform.start,
        reform.seed,
        assumptions=reform.assumptions,
        switches=reform.switches,
        workers=1,
    )
    assert not np.array_equal(alone.families["arrears_start"], runs[0].families["arrears_start"])


def assert_as_run_alone(pop, scenario, parameters, shared, base) -> None:
    """``shared`` (a scenario's result from a comparison) equals a run of the
    scenario on its own, with ``parameters``, after current law's warm-up."""
    alone = simulate(
        pop,
        parameters,
        scenario.months,
        scenario.start,
        scenario.seed,
        assumptions=scenario.assumptions,
        switches=scenario.switches,
        warm_up_assumptions=base.assumptions,
        warm_up_switches=base.switches,
        workers=1,
    )
    pd.testing.assert_frame_equal(shared.monthly, alone.monthly)
    for key, values in alone.families.items():
        np.testing.assert_array_equal(shared.families[key], values, err_msg=key)


def test_scenarios_sharing_their_households_give_what_separate_runs_give():
    """Children, incomes and households do not depend on CMS policy, so the
    scenarios that agree on the tax-benefit law and the register's income,
    family, households and population values move them once a month, in
    lockstep (two at a time). Each result must equal a run of its own: two fee
    reforms (sharing with the baseline), a reform of Universal Credit's taper
    and one with more job loss (each moving its households on its own)."""
    base, fee = short("baseline", 3), short("scrap-receiving-parent-fee", 3)
    taper = base.parameters.with_value("universal_credit.taper_rate", "2026-05-01", 0.5)
    job_loss = base.assumptions.with_overrides({"behaviour.income.employment_exit_prob": 0.02})
    scenarios = [
        dataclasses.replace(base, parameters=taper),
        dataclasses.replace(base, assumptions=job_loss),
        base,
        fee,
        short("scrap-collection-fees", 3),  # three sharing: moved two at a time
    ]
    pop = population()
    # (the comparison moves the three that share two at a time, the others alone)
    batches = _sharing_lives(
        [Run(s.parameters, s.assumptions, s.switches) for s in scenarios], base.start, 3
    )
    assert batches == [[0], [1], [2, 3], [4]]
    together = run_scenarios(
        pop, scenarios, base.seed, [s.assumptions for s in scenarios], workers=1
    )
    for scenario, shared in zip(scenarios, together, strict=True):
        assert_as_run_alone(pop, scenario, scenario.parameters, shared, base)
    # the taper and the job loss did move the households
    for changed in together[:2]:
        assert not changed.monthly.children_in_poverty_receiving_ahc.equals(
            together[2].monthly.children_in_poverty_receiving_ahc
        )


def test_scenarios_sharing_a_warm_up_give_what_separate_runs_give():
    """A comparison works the warm-up out once for the scenarios whose
    parameters agree before the start, then runs each from a copy of that
    state. Each result must equal a run of its own: here for a reform from the
    start (the formula refresh) and for one whose rules differ already during
    the warm-up (so it warms up on its own)."""
    base, refresh = short("baseline", 3), short("formula-refresh", 3)
    earlier = base.parameters.with_value("fees.collection.paying_parent_rate", "2025-09-01", 0.1)
    pop = population()
    scenarios = [base, refresh, base]
    parameter_sets = [base.parameters, refresh.parameters, earlier]
    together = run_scenarios(
        pop,
        [
            dataclasses.replace(s, parameters=p)
            for s, p in zip(scenarios, parameter_sets, strict=True)
        ],
        base.seed,
        [s.assumptions for s in scenarios],
        workers=1,
    )
    for scenario, parameters, shared in zip(scenarios, parameter_sets, together, strict=True):
        assert_as_run_alone(pop, scenario, parameters, shared, base)
    # the reform and the earlier change did change something
    assert not together[1].monthly.equals(together[0].monthly)
    assert not together[2].monthly.equals(together[0].monthly)


def test_a_reform_run_alone_gives_what_it_gives_in_a_comparison():
    """Every run starts from current law's history, so a reform with switches
    and its own assumptions run alone (``cms-sim run``) gives the figures it
    gives against the baseline."""
    base, package = short("baseline", 3), short("fix-the-cms-package", 3)
    alone = compare([package], families=FAMILIES).metrics
    together = compare([base, package], families=FAMILIES).metrics
    together = together[together.scenario == package.key]
    levels = together[~together.metric.str.endswith("_change")]
    merged = levels.merge(alone, on=["scenario", "metric"], suffixes=("_together", "_alone"))
    assert len(merged) == len(alone) > 20
    pd.testing.assert_series_equal(
        merged.value_together, merged.value_alone, check_names=False, check_index=False
    )
