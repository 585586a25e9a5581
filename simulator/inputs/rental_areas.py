"""The Broad Rental Market Areas behind the Local Housing Allowance table.

``simulator/inputs/statutory/lha_areas.csv`` names each area whose rates are a
row of ``local_housing_allowance.yaml`` (same code, same order) and gives its
nation and private-rented households (2021 census for England and Wales, 2022
for Scotland, mapped to BRMAs, as shipped by policyengine-uk 2.162.10; the
population draws areas in proportion to them). Both files are written by
``crosscheck/policyengine_uk/make_lha_table.py``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

from simulator.errors import SimulatorError

__all__ = ["RentalAreaError", "RentalAreas", "load_rental_areas"]

FILE = "lha_areas.csv"
NATIONS = ("england", "wales", "scotland")  # the codes of simulator.population.frame
COLUMNS = ("code", "name", "nation", "london", "private_rented_households")


class RentalAreaError(SimulatorError):
    """The rental-area file is wrong (the message names the row and field)."""


@dataclass(frozen=True)
class RentalAreas:
    """The areas, aligned on their codes 0..n-1."""

    name: np.ndarray  # str
    nation: np.ndarray  # 0 England, 1 Wales, 2 Scotland
    london: np.ndarray  # bool
    households: np.ndarray  # private-rented households

    def __len__(self) -> int:
        return len(self.name)

    def code(self, names) -> np.ndarray:
        """The codes of the areas with these names."""
        index = {name: k for k, name in enumerate(self.name)}
        missing = sorted({n for n in names if n not in index})
        if missing:
            raise RentalAreaError(f"{FILE}: no rental area named {missing[:3]}")
        return np.array([index[n] for n in names], dtype=np.int16)


@functools.lru_cache(maxsize=1)
def load_rental_areas() -> RentalAreas:
    """The shipped rental areas (checked: codes run 0..n-1 in order)."""
    text = resources.files("simulator.inputs").joinpath("statutory", FILE).read_text()
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise RentalAreaError(f"{FILE}: the columns must be {', '.join(COLUMNS)}")
    for k, row in enumerate(rows):
        where = f"{FILE}, row {k + 2}"
        if int(row["code"]) != k:
            raise RentalAreaError(f"{where}: code {row['code']}; codes must run 0, 1, 2, ...")
        if row["nation"] not in NATIONS:
            raise RentalAreaError(f"{where}: nation '{row['nation']}' is not one of {NATIONS}")
        if int(row["private_rented_households"]) <= 0:
            raise RentalAreaError(f"{where}: private_rented_households must be positive")
    return RentalAreas(
        name=np.array([r["name"] for r in rows]),
        nation=np.array([NATIONS.index(r["nation"]) for r in rows], dtype=np.int8),
        london=np.array([r["london"] == "1" for r in rows]),
        households=np.array([int(r["private_rented_households"]) for r in rows], dtype=float),
    )
