"""DWP's static method for the single collection service, replicated on the
model's population at the population date: it moves the way its inputs say."""

from __future__ import annotations

import pytest

from simulator.experiments.reform_estimates import POVERTY, RECEIVED, REFORM, dwp_static
from simulator.population import synthesise_population
from simulator.scenarios.load import load_scenario


@pytest.fixture(scope="module")
def pop():
    return synthesise_population(3_000, 11, "2026-04-01")


@pytest.fixture(scope="module")
def reform():
    return load_scenario(REFORM)


@pytest.mark.parametrize(
    ("all_share", "partial_share", "what"),
    [
        pytest.param(
            1.0, 0.0, "fee only", id="everyone already receives everything: only the 2% fee"
        ),
        pytest.param(
            0.6, 0.5, "more", id="the survey's 60%, the rest half: money reaches children"
        ),
        pytest.param(0.0, 0.0, "most", id="nobody receives anything now: the most is made whole"),
    ],
)
def test_making_shortfalls_whole(pop, reform, all_share, partial_share, what):
    out = dwp_static(pop, reform, all_share, partial_share)
    if what == "fee only":
        assert out[RECEIVED] < 0  # everyone loses the 2% receiving parent's fee
        assert out[POVERTY] >= 0
    else:
        assert out[RECEIVED] > 0
        assert out[POVERTY] <= 0


def test_the_more_who_are_paid_in_full_now_the_smaller_the_static_gain(pop, reform):
    gains = [dwp_static(pop, reform, share, 0.5)[RECEIVED] for share in (0.5, 0.6, 0.7)]
    assert gains[0] > gains[1] > gains[2]


def test_the_static_method_has_no_behavioural_response(pop, reform):
    """The same cases, all collected: the caseload does not move, and what
    reaches receiving parents is the shortfall made whole less the 2% fee."""
    from simulator.experiments.reform_estimates import CASELOAD, SHORTFALL

    out = dwp_static(pop, reform, 0.6, 0.5)
    assert out[CASELOAD] == 0.0
    assert out[SHORTFALL] > out[RECEIVED] > 0
