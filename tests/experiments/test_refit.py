"""Each replication re-fits the behaviour's fitted intercepts at its own draws
and on its own families: the published figures they were fitted to hold in
every replication, which drawing or holding them would miss."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.experiments.compare import compare
from simulator.experiments.fit_behaviour import FITTED
from simulator.experiments.refit import central_sensitivities, gaps_at, refit
from simulator.experiments.replication import replication_draw, varied_assumptions
from simulator.experiments.runs import CompareError, run_population
from simulator.inputs.assumptions import load_assumptions
from simulator.population import synthesise_population
from tests.scenario_files import short

FAMILIES = 3_000
PREFIX = "behaviour_fitted.compliance_fitted."

#: (fitted intercept, the gap its measure may keep after the re-fit on a few
#: thousand families: a share in points, a stock's drift as a fraction; on
#: 100,000 families the gaps are a tenth to a third of these). The two
#: Collect and Pay shares are of about 250 paying parents due to pay at 3,000
#: families, where one payer is 0.4 points and the shares move with the Direct
#: Pay cases that break and move in (issue 16): gaps of 1.4-2.1 points stay
#: after two Newton steps and a third does not shrink them (measured), so 2.5.
LANDS = [
    ("collect_and_pay_paying_logit", 0.025),  # C&P paid something, 68%
    ("deduction_order_reach", 0.025),  # paying by deduction order, 27%
    ("direct_pay_shift", 0.015),  # Direct Pay received everything, 60%
    ("dp_breakdown_move_rate", 0.01),  # C&P share of arrangements holds
    ("closure_monthly_intercept", 0.02),  # the caseload holds
    ("arrears_only_exit_monthly", 0.12),  # the arrears-only cases (a small stock) hold
]
#: The population's generator-fitted targets (relative gaps) after its re-fit.
POPULATION_LANDS = {"A12c": 0.01, "A14b": 0.01, "A14c": 0.01}


@pytest.fixture(scope="module")
def comparison():
    return compare([short("baseline", 24)], families=FAMILIES, replications=3, workers=1)


@pytest.mark.parametrize("name, allowed", LANDS, ids=[r[0] for r in LANDS])
def test_every_replication_lands_on_what_its_intercept_is_fitted_to(comparison, name, allowed):
    refits = comparison.run["refits"]
    assert set(refits) == {"1", "2"}  # not the central run: the register's fit
    for record in refits.values():
        assert abs(record["gaps"][name]) <= allowed


@pytest.mark.parametrize("target", list(POPULATION_LANDS))
def test_every_replications_families_hold_the_populations_fitted_targets(comparison, target):
    for record in comparison.run["refits"].values():
        assert abs(record["population_gaps"][target]) <= POPULATION_LANDS[target]


def test_the_refitted_intercepts_differ_between_replications_and_from_the_central_fit(
    comparison,
):
    law = load_assumptions()
    one, two = (comparison.run["refits"][k]["values"] for k in ("1", "2"))
    assert one != two
    central = {p.rsplit(".", 1)[-1]: law.value(p) for p in FITTED}
    assert one != pytest.approx(central)


def test_without_the_refit_a_replication_misses_the_published_figures_it_then_hits():
    base = short("baseline", 24)
    law = load_assumptions()
    draw = replication_draw(base.seed, 1, varied_assumptions(law))
    pop = run_population(FAMILIES, base.seed + 1, base.start, 24, draw.population_assumptions())
    at_draws = law.at_positions(draw.positions)
    sensitivities = central_sensitivities(base.seed, base.start, FAMILIES)

    held = np.abs(list(gaps_at(pop, at_draws, base.start).values()))
    fitted = refit(pop, at_draws, sensitivities, start=base.start)
    refitted = np.abs(list(gaps_at(pop, at_draws.with_overrides(fitted), base.start).values()))
    assert refitted.max() < held.max()
    # Collect and Pay paid something within the re-fit's tolerance of 68% (LANDS)
    assert refitted[0] < dict(LANDS)["collect_and_pay_paying_logit"]


def test_given_families_too_short_for_the_refit_are_refused_with_the_fix():
    base = short("baseline", 4)
    pop = synthesise_population(500, base.seed, base.start, entrant_months=4)
    assert compare([base], population=pop, replications=1, workers=1).run["refits"] == {}
    with pytest.raises(CompareError, match="cms-sim population --months 23"):
        compare([base], population=pop, replications=2, workers=1)
