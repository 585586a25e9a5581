"""Values set once from the whole population at the start of a run, then held.

A family's path depends only on its paying parent's families, the seed and
these values, never on which other families are simulated with it (so that the
population can be cut into chunks run apart). None of them is a rate: the
flows in and out of the CMS, between its services and into and out of work
are hazards of the register (and one fitted closure intercept), not rates set
to hold the starting stocks steady.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.population import Population

__all__ = ["SharedRates"]


@dataclass(frozen=True)
class SharedRates:
    """Values set from the whole population at the start and then held, so
    that families in different chunks never affect each other: the median
    earnings (the pay a paying parent with no work history returns to) and
    the number of receiving-parent slots per paying parent."""

    median_earnings: float
    width: int

    @classmethod
    def of(cls, pop: Population, values=None) -> SharedRates:
        # the paying parents at the population date (not the entrants, who
        # separate later: a run's families then follow the same paths with or
        # without them)
        first = (pop.receiving_parent_rank == 0) & (pop.enters == 0)
        earnings = pop.pp_true_earnings[first]
        median = float(np.median(earnings[earnings > 0])) if (earnings > 0).any() else 0.0
        return cls(
            median_earnings=median,
            width=int(pop.receiving_parent_rank.max(initial=0)) + 1,
        )
