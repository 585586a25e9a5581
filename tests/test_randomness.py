"""Keyed random draws: a pure function of (seed, process, id, step)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.randomness import KeyedRandom

IDS = np.arange(200_000)


def test_draws_depend_only_on_their_keys():
    r = KeyedRandom(11)
    full = r.uniform("job_change", IDS, step=4)
    some = r.uniform("job_change", IDS[[5, 77, 199_999]], step=4)
    np.testing.assert_array_equal(full[[5, 77, 199_999]], some)
    np.testing.assert_array_equal(full, KeyedRandom(11).uniform("job_change", IDS, step=4))


def test_processes_steps_and_seeds_are_independent_streams():
    r = KeyedRandom(11)
    base = r.uniform("a", IDS)
    for other in (
        r.uniform("b", IDS),
        r.uniform("a", IDS, step=1),
        KeyedRandom(12).uniform("a", IDS),
    ):
        assert abs(np.corrcoef(base, other)[0, 1]) < 0.01
        assert (base != other).mean() > 0.999


def test_uniforms_look_uniform_and_normals_normal():
    u = KeyedRandom(3).uniform("x", IDS)
    assert (u > 0).all() and (u < 1).all()
    assert abs(u.mean() - 0.5) < 0.005
    counts = np.histogram(u, bins=10, range=(0, 1))[0]
    assert counts.min() > 0.95 * len(IDS) / 10
    z = KeyedRandom(3).normal("z", IDS)
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01


def test_choice_and_bernoulli_follow_their_probabilities():
    r = KeyedRandom(5)
    picks = r.choice("c", IDS, [0.2, 0.5, 0.3])
    np.testing.assert_allclose(np.bincount(picks) / len(IDS), [0.2, 0.5, 0.3], atol=0.005)
    per_row = np.where(IDS[:, None] % 2 == 0, [[1.0, 0.0]], [[0.0, 1.0]])
    np.testing.assert_array_equal(r.choice("d", IDS, per_row), IDS % 2)
    assert abs(r.bernoulli("e", IDS, 0.3).mean() - 0.3) < 0.005


@pytest.mark.parametrize("share", [0.0, 0.01, 0.4, 0.6, 1.0])
def test_draws_on_a_subset_are_the_draws_of_those_ids(share):
    """uniform_where / normal_where give each selected id exactly the value it
    gets from a draw over everyone, whether the subset is sparse or dense."""
    r = KeyedRandom(9)
    ids = np.arange(10_000, 20_000)
    mask = r.uniform("pick", ids) < share
    np.testing.assert_array_equal(
        r.uniform_where("x", ids, mask, 3, fill=2.0), np.where(mask, r.uniform("x", ids, 3), 2.0)
    )
    np.testing.assert_array_equal(
        r.normal_where("y", ids, mask, 3), np.where(mask, r.normal("y", ids, 3), 0.0)
    )
