"""Who the families are during a run, and the base of every process's state.

The dynamics work on two kinds of rows: **families** (one receiving parent and
their qualifying children, as in the population) and **paying parents** (one
row per paying parent, called a *unit* in the code: all the families of one
paying parent share one income and one CMS case). :class:`Frame` holds what
never changes during a run — ids, weights, who belongs to whom, the care
nights — and links the two: ``unit_of`` gives each family's paying parent.

Each process owns its part of the state as a dataclass of arrays (a subclass
of :class:`Arrays`), aligned either on families or on paying parents, as its
docstring says.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from simulator.population.frame import PayingParentUnits, Population

__all__ = ["HALF_PENNY", "Arrays", "Frame"]

#: A payment short of what was due by less than this (£) counts as in full.
HALF_PENNY = 0.005


class Arrays:
    """Base of a process's state: a dataclass whose fields are numpy arrays
    aligned on the same rows (and perhaps scalars)."""

    def copy(self):
        """An independent copy (arrays copied)."""
        return replace(
            self,
            **{
                f.name: getattr(self, f.name).copy()
                for f in fields(self)
                if isinstance(getattr(self, f.name), np.ndarray)
            },
        )

    def take(self, rows: np.ndarray):
        """The state of ``rows`` only (copies), to work on and put back."""
        return replace(self, **{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def put(self, rows: np.ndarray, part) -> None:
        """Write ``part`` (from :meth:`take`) back into ``rows``."""
        for f in fields(self):
            getattr(self, f.name)[rows] = getattr(part, f.name)


@dataclass(frozen=True)
class Frame:
    """The families of a run and their paying parents; fixed for the run."""

    family_ids: np.ndarray  # (families,) int64, the draws' keys for family processes
    weight: np.ndarray  # (families,) GB families each stands for
    units: PayingParentUnits  # the families grouped by paying parent (the population's)
    rank: np.ndarray  # (families,) int64, the family's slot among its paying parent's
    nights: np.ndarray  # (units, receiving parents, children) care nights, -1 if none
    most_nights: np.ndarray  # (families,) most nights any child spends with the paying parent
    domestic_abuse: np.ndarray  # (families,) bool, abuse disclosed

    @property
    def unit_ids(self) -> np.ndarray:
        """(units,) paying-parent ids, sorted: the keys of the paying parents' draws."""
        return self.units.ids

    @property
    def unit_of(self) -> np.ndarray:
        """(families,) each family's paying parent (its row among the units)."""
        return self.units.of

    @property
    def first(self) -> np.ndarray:
        """(units,) each paying parent's first family (rank 0)."""
        return self.units.first_family

    @property
    def n(self) -> int:
        return len(self.family_ids)

    @property
    def n_units(self) -> int:
        return self.units.count

    @classmethod
    def of(cls, pop: Population, width: int) -> Frame:
        """``width``: receiving-parent slots per paying parent (the most in the
        whole population, so that every chunk of it has the same shape)."""
        units = pop.units
        rank = pop.receiving_parent_rank.astype(np.int64)
        nights = np.full(
            (units.count, width, pop.child_nights.shape[1]), -1, dtype=pop.child_nights.dtype
        )
        nights[units.of, rank] = pop.child_nights
        return cls(
            family_ids=pop.family_id.astype(np.int64),
            weight=pop.weight.astype(float),
            units=units,
            rank=rank,
            nights=nights,
            most_nights=pop.child_nights.max(axis=1),
            domestic_abuse=pop.domestic_abuse.astype(bool),
        )
