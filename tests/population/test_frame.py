"""The population frame: saving and loading, and the paying-parent units
every layer groups families by."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.population import Population, PopulationError

DATE = dt.date(2026, 4, 1)


def _families(paying_parent_id, receiving_parent_rank) -> Population:
    """A hand-made population with only the columns that link families."""
    n = len(paying_parent_id)
    return Population(
        {
            "family_id": np.arange(n, dtype=np.int64),
            "paying_parent_id": np.asarray(paying_parent_id, dtype=np.int64),
            "receiving_parent_rank": np.asarray(receiving_parent_rank, dtype=np.int8),
        },
        seed=1,
        date=DATE,
    )


# paying_parent_id and receiving_parent_rank of each family (row) -> the units:
# their ids in increasing order, each family's unit and each unit's first family
UNITS = [
    pytest.param(
        [5, 3, 9], [0, 0, 0], [3, 5, 9], [1, 0, 2], [1, 0, 2],
        id="one family per paying parent: units in id order, not row order",
    ),
    pytest.param(
        [1, 1, 2], [0, 1, 0], [1, 2], [0, 0, 1], [0, 2],
        id="a paying parent with two receiving parents is one unit",
    ),
    pytest.param(
        [7, 7], [1, 0], [7], [0, 0], [1],
        id="the first family is the rank-0 one, wherever its row is",
    ),
    pytest.param(
        [30, 10, 10, 20, 30, 30], [0, 1, 0, 0, 2, 1], [10, 20, 30], [2, 0, 0, 1, 2, 2], [2, 3, 0],
        id="families of three paying parents interleaved",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("paying_parent", "rank", "ids", "of", "first_family"), UNITS)
def test_families_are_grouped_by_paying_parent(paying_parent, rank, ids, of, first_family):
    units = _families(paying_parent, rank).units
    np.testing.assert_array_equal(units.ids, ids)
    np.testing.assert_array_equal(units.of, of)
    np.testing.assert_array_equal(units.first_family, first_family)
    assert units.count == len(ids)


# families picked (rows) -> their units and each family's position among them
SELECTIONS = [
    pytest.param([1, 2, 5], [0, 2], [0, 0, 1], id="two whole units"),
    pytest.param([0, 4], [2], [0, 0], id="one unit's families"),
    pytest.param([3, 0], [1, 2], [0, 1], id="rows in any order"),
    pytest.param([], [], [], id="no family"),
]


@pytest.mark.parametrize(("families", "units", "position"), SELECTIONS)
def test_a_subset_of_families_is_grouped_without_grouping_again(families, units, position):
    pop = _families([30, 10, 10, 20, 30, 30], [0, 1, 0, 0, 2, 1])
    chosen, where = pop.units.select(np.asarray(families, dtype=np.int64))
    np.testing.assert_array_equal(chosen, units)
    np.testing.assert_array_equal(where, position)
    ids = pop.paying_parent_id[families]
    np.testing.assert_array_equal(where, np.unique(ids, return_inverse=True)[1].ravel())


def test_the_units_of_a_synthesised_population_are_numpy_unique(uniform):
    ids, of = np.unique(uniform.paying_parent_id, return_inverse=True)
    units = uniform.units
    np.testing.assert_array_equal(units.ids, ids)
    np.testing.assert_array_equal(units.of, of)
    assert (uniform.receiving_parent_rank[units.first_family] == 0).all()
    assert (uniform.paying_parent_id[units.first_family] == ids).all()


def test_the_units_are_worked_out_once_and_cannot_be_changed():
    pop = _families([1, 1, 2], [0, 1, 0])
    assert pop.units is pop.units
    with pytest.raises(ValueError, match="read-only"):
        pop.units.of[0] = 1


def test_a_new_population_gets_its_own_units():
    pop = _families([1, 1, 2], [0, 1, 0])
    assert pop.units.count == 2
    moved = pop.with_columns(
        paying_parent_id=np.array([1, 1, 1]), receiving_parent_rank=np.array([0, 1, 2])
    )
    assert moved.units.count == 1
    sliced = Population({k: v[[2]] for k, v in pop.columns.items()}, pop.seed, pop.date)
    np.testing.assert_array_equal(sliced.units.ids, [2])
    assert pop.units.count == 2


@pytest.mark.parametrize(
    ("paying_parent", "rank", "message"),
    [
        pytest.param([1, 1], [1, 2], "paying parent 1 has 0 families", id="no first family"),
        pytest.param([4, 4], [0, 0], "paying parent 4 has 2 families", id="two first families"),
    ],
)
def test_families_ranked_wrongly_are_a_clear_error(paying_parent, rank, message):
    with pytest.raises(PopulationError, match=message):
        _ = _families(paying_parent, rank).units


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(PopulationError, match="different lengths"):
        Population({"family_id": np.arange(3), "weight": np.ones(2)}, 1, DATE)


def test_save_and_load_round_trip(calibrated, tmp_path, assert_same):
    path = tmp_path / "pop.parquet"
    calibrated.save(path)
    loaded = Population.load(path)
    assert_same(calibrated, loaded, skip=())
    assert loaded.seed == calibrated.seed and loaded.date == calibrated.date
    assert loaded.metadata["weights"] == "calibrated"


def test_load_rejects_files_that_are_not_populations(tmp_path):
    bad = tmp_path / "x.parquet"
    bad.write_text("not parquet")
    with pytest.raises(PopulationError, match="not a population parquet file"):
        Population.load(bad)
