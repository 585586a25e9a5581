"""Helpers for the process tables: forced draws (a table row says which
chances come off) and the frame of a single family.

A process draws keyed uniforms u and lets an event of chance q happen when
u < q. :class:`ForcedDraws` stands in for
:class:`simulator.randomness.KeyedRandom` and gives each named draw the value
in the row: ``LOW`` (0.0) makes the event happen whatever its chance, ``HIGH``
(1.0) keeps it from happening. A draw the row does not name is ``HIGH``: it
does not come off.
"""

from __future__ import annotations

import numpy as np

from simulator.dynamics.frame import Frame
from simulator.population.frame import PayingParentUnits

LOW, HIGH = 0.0, 1.0


def one_family(domestic_abuse: bool = False) -> Frame:
    """One family (id 0) of one paying parent (id 0), one child, no shared care."""
    return Frame(
        family_ids=np.array([0]),
        weight=np.array([1.0]),
        units=PayingParentUnits.from_columns(np.array([0]), np.array([0])),
        rank=np.array([0]),
        nights=np.zeros((1, 1, 1), dtype=np.int16),
        most_nights=np.array([0]),
        domestic_abuse=np.array([domestic_abuse]),
    )


class ForcedDraws:
    def __init__(self, **values: float):
        self.values = values
        self.asked: set[str] = set()

    def _value(self, name: str) -> float:
        self.asked.add(name)
        return self.values.get(name, HIGH)

    def uniform(self, name: str, ids: np.ndarray, step: int = 0) -> np.ndarray:
        return np.full(len(ids), self._value(name))

    def uniform_where(self, name, ids, mask, step: int = 0, fill: float = 1.0) -> np.ndarray:
        return np.where(np.asarray(mask, dtype=bool), self._value(name), fill)

    def normal_where(self, name, ids, mask, step: int = 0) -> np.ndarray:
        return np.where(np.asarray(mask, dtype=bool), self._value(name), 0.0)

    def unknown(self) -> set[str]:
        """Draws the row named that the process never asked for (a typo)."""
        return set(self.values) - self.asked


#: The paying parents' incomes and partnerships switched off (a still model's
#: starting point: each test adds the other processes it needs held).
STILL_INCOMES = {
    "behaviour.income.job_change_prob": 0.0,
    "behaviour.income.employment_exit_prob": 0.0,
    "behaviour.income.reemployment_prob": 0.0,
    "behaviour.income.reemployment_prob_long_term": 0.0,
    "behaviour.income.income_change_ge25_annual_employee": 0.0,
    "behaviour.income.income_change_ge25_annual_selfemployed": 0.0,
    "behaviour.family.repartner_monthly": 0.0,
    "behaviour.family.separation_monthly": 0.0,
    "behaviour.family.new_child_monthly": 0.0,
}
