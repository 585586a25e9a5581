"""The population frame: aligned column arrays, one row per separated family.

A family is a receiving parent and the qualifying children who live with them,
linked to a paying parent's household. A paying parent with several receiving
parents appears once per family, all rows sharing a ``paying_parent_id`` and
the same paying-parent attributes (one income); :attr:`Population.units` is the
one grouping of the rows by paying parent that every layer uses.

This module holds the shape of a population only: the :class:`Population`
type (saved to and loaded from parquet), the category codes of its int8
columns with the names of their values, and the structural limits of the
synthetic families. It imports nothing of the model, so every layer can.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from simulator.errors import SimulatorError

__all__ = [
    "ADULT_AGES",
    "ARRANGEMENTS",
    "CMS",
    "COLLECT_AND_PAY",
    "COUNTRIES",
    "DIRECT_PAY",
    "EMPLOYEE",
    "ENGLAND",
    "FAMILY_BASED",
    "FEMALE",
    "FLAT_RATE_BENEFIT",
    "MALE",
    "MAX_CHILDREN",
    "MAX_OTHER_CHILDREN",
    "MAX_RECEIVING_PARENTS",
    "NIL_RATE",
    "NOT_CMS",
    "NOT_WORKING",
    "NO_ARRANGEMENT",
    "OLDEST_QUALIFYING_AGE",
    "PP_EMPLOYMENT",
    "RP_EMPLOYMENT",
    "RP_FULL_TIME",
    "RP_NOT_WORKING",
    "RP_PART_TIME",
    "RP_SELF_EMPLOYED",
    "SCOTLAND",
    "SELF_EMPLOYED",
    "SERVICES",
    "WALES",
    "PayingParentUnits",
    "Population",
    "PopulationError",
]

# --- structural limits of the synthetic population (documented simplifications)
MAX_CHILDREN = 5  # qualifying children per family
MAX_RECEIVING_PARENTS = 3  # separated families per paying parent
MAX_OTHER_CHILDREN = 3  # children of a new relationship in either household
OLDEST_QUALIFYING_AGE = 19  # under 20 in full-time non-advanced education (CSA 1991 s. 55)
ADULT_AGES = (18, 80)  # ages of synthetic adults are kept within these (assumption)
#: Columns a population written by an earlier version lacks, which the model
#: now needs (such a file is refused with the fix: build it again)
COLUMNS_ADDED = (
    "pp_hmrc_declared_annual",
    "pp_diverted_income_annual",
    "pp_cash_in_hand_annual",
)

# --- category codes (int8 columns); the tuples give their names
CMS, FAMILY_BASED, NO_ARRANGEMENT = 0, 1, 2
ARRANGEMENTS = ("cms", "family_based", "none")
DIRECT_PAY, COLLECT_AND_PAY, NOT_CMS = 0, 1, 2
SERVICES = ("direct_pay", "collect_and_pay", "none")
ENGLAND, WALES, SCOTLAND = 0, 1, 2
COUNTRIES = ("england", "wales", "scotland")
FEMALE, MALE = 0, 1
EMPLOYEE, SELF_EMPLOYED, FLAT_RATE_BENEFIT, NOT_WORKING, NIL_RATE = range(5)
PP_EMPLOYMENT = ("employee", "self_employed", "flat_rate_benefit", "not_working", "nil_rate")
RP_NOT_WORKING, RP_PART_TIME, RP_FULL_TIME, RP_SELF_EMPLOYED = range(4)
RP_EMPLOYMENT = ("not_working", "part_time", "full_time", "self_employed")


class PopulationError(SimulatorError):
    """A population request or file that cannot be used; the message says why."""


@dataclass(frozen=True)
class PayingParentUnits:
    """The paying parents of a population, one unit each, in increasing
    ``paying_parent_id`` (the order :func:`numpy.unique` gives).

    ``ids``: shape (units,), the sorted distinct ``paying_parent_id`` values;
    ``of``: shape (families,), each family's unit (``ids[of]`` is the
    family's ``paying_parent_id``; numpy.unique's ``return_inverse``);
    ``first_family``: shape (units,), int64, the row of each unit's first
    family (``receiving_parent_rank`` 0), where the paying parent's
    attributes are read once; ``count``: the number of units.
    The arrays are read-only: the view is shared by everything that uses the
    population.
    """

    ids: np.ndarray
    of: np.ndarray
    first_family: np.ndarray
    count: int

    @classmethod
    def from_columns(
        cls, paying_parent_id: np.ndarray, receiving_parent_rank: np.ndarray
    ) -> PayingParentUnits:
        """The units of families with these paying-parent ids and ranks; every
        paying parent must have exactly one family of rank 0."""
        ids, of = np.unique(paying_parent_id, return_inverse=True)
        first_row = receiving_parent_rank == 0
        firsts = np.bincount(of[first_row], minlength=len(ids))
        if (firsts != 1).any():
            bad = int(np.flatnonzero(firsts != 1)[0])
            raise PopulationError(
                f"paying parent {ids[bad]} has {firsts[bad]} families with "
                "receiving_parent_rank 0; each paying parent's families are ranked "
                "0, 1, 2... (synthesise the population again)"
            )
        first = np.zeros(len(ids), dtype=np.int64)
        first[of[first_row]] = np.flatnonzero(first_row)
        for values in (ids, of, first):
            values.setflags(write=False)
        return cls(ids, of, first, len(ids))

    def select(self, families: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The units of the families at rows ``families`` (sorted unit indices)
        and each of those families' position among them: the grouping of a
        subset, as ``np.unique(paying_parent_id[families], return_inverse=True)``
        would give it, without grouping again."""
        of = self.of[families]
        units = np.unique(of)
        return units, np.searchsorted(units, of)


@dataclass(frozen=True)
class Population:
    """Aligned column arrays, one row per family. Two-dimensional columns
    (children) have one column per slot, -1 where empty."""

    columns: Mapping[str, np.ndarray]
    seed: int
    date: dt.date
    metadata: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise PopulationError(f"columns have different lengths: {sorted(lengths)}")
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["columns"][name]
        except KeyError:
            raise AttributeError(f"population has no column '{name}'") from None

    def __len__(self) -> int:
        return len(self.columns["family_id"])

    @cached_property
    def units(self) -> PayingParentUnits:
        """The families grouped by paying parent, worked out once per
        population (a new population, from :meth:`with_columns` or from sliced
        columns, gets its own)."""
        missing = [
            name
            for name in ("paying_parent_id", "receiving_parent_rank")
            if name not in self.columns
        ]
        if missing:  # not AttributeError: that would be read as "no column 'units'"
            raise PopulationError(f"population has no column '{missing[0]}'")
        return PayingParentUnits.from_columns(
            self.columns["paying_parent_id"], self.columns["receiving_parent_rank"]
        )

    def with_columns(self, **updates: np.ndarray) -> Population:
        return Population({**self.columns, **updates}, self.seed, self.date, self.metadata)

    @property
    def enters(self) -> np.ndarray:
        """(families,) the month after the population date in which each
        family becomes a separated family: 0 for the families there at the
        date, 1 or more for entrants (families who separate during a run;
        :mod:`simulator.population.entrants`). All 0 in a population without
        the ``enters_month`` column."""
        if "enters_month" in self.columns:
            return self.columns["enters_month"]
        return np.zeros(len(self), dtype=np.int16)

    def take(self, rows: np.ndarray) -> Population:
        """The families at ``rows`` (indices or a boolean mask), in that order."""
        return Population(
            {name: values[rows] for name, values in self.columns.items()},
            self.seed,
            self.date,
            self.metadata,
        )

    def at_date(self) -> Population:
        """The families that exist on the population date (no entrants): what
        published figures at that date describe. ``self`` if there are no
        entrants."""
        there = self.enters == 0
        return self if there.all() else self.take(there)

    def families_at_date(self) -> int:
        """How many families exist on the population date: ``len(self.at_date())``,
        without copying them."""
        return int(np.count_nonzero(self.enters == 0))

    def to_frame(self) -> pd.DataFrame:
        """One row per family; 2-D columns become ``name_1`` ... ``name_K``."""
        flat = {}
        for name, values in self.columns.items():
            if values.ndim == 2:
                for k in range(values.shape[1]):
                    flat[f"{name}_{k + 1}"] = values[:, k]
            else:
                flat[name] = values
        return pd.DataFrame(flat)

    def save(self, path: str | Path) -> None:
        """Write a parquet file (all-or-nothing), with the seed, date and
        versions in its metadata."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = Path(path)
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise PopulationError(f"folder {folder} does not exist; create it first")
        table = pa.Table.from_pandas(self.to_frame(), preserve_index=False)
        meta = {
            "seed": self.seed,
            "date": self.date.isoformat(),
            "two_dimensional": {k: int(v.shape[1]) for k, v in self.columns.items() if v.ndim == 2},
            **{k: v for k, v in self.metadata.items()},
        }
        table = table.replace_schema_metadata({b"cms_population": json.dumps(meta).encode()})
        from simulator.reports.files import write_path_atomic

        write_path_atomic(path, lambda temporary: pq.write_table(table, temporary))

    @classmethod
    def load(cls, path: str | Path) -> Population:
        import pyarrow.parquet as pq

        path = Path(path)
        try:
            table = pq.read_table(path)
        except FileNotFoundError:
            raise PopulationError(f"{path}: file not found") from None
        except Exception as exc:  # pyarrow raises several types for a bad file
            raise PopulationError(f"{path}: not a population parquet file ({exc})") from None
        raw = (table.schema.metadata or {}).get(b"cms_population")
        if raw is None:
            raise PopulationError(f"{path}: not written by cms-sim population (no metadata)")
        try:
            meta = json.loads(raw)
            if not isinstance(meta, dict) or not isinstance(meta.get("two_dimensional"), dict):
                raise ValueError
        except ValueError:
            raise PopulationError(
                f"{path}: its cms-sim metadata is damaged; build it again with 'cms-sim population'"
            ) from None
        # column by column, releasing each Arrow column once converted, so the
        # peak memory is about one copy of the population
        columns: dict[str, np.ndarray] = {}
        widths = meta.pop("two_dimensional")
        flat = {}
        stored = table.column_names
        for name in stored:
            values = table.column(name).to_numpy()
            if np.issubdtype(values.dtype, np.datetime64):
                values = values.astype("datetime64[D]")
            flat[name] = values
            table = table.drop_columns([name])
        for name in stored:  # the order the columns were written in
            base, _, slot = name.rpartition("_")
            if base in widths and slot.isdigit():
                if base not in columns:
                    columns[base] = np.column_stack(
                        [flat.pop(f"{base}_{k + 1}") for k in range(widths[base])]
                    )
            else:
                columns[name] = flat.pop(name)
        missing = [name for name in COLUMNS_ADDED if name not in columns]
        if missing:
            raise PopulationError(
                f"{path}: written by an earlier version of cms-sim (no column "
                f"'{missing[0]}'); build it again with 'cms-sim population'"
            )
        weight = columns.get("weight")
        if weight is None:
            raise PopulationError(
                f"{path}: no column 'weight' (each family's grossing-up weight); build the "
                "file again with 'cms-sim population'"
            )
        weight = np.asarray(weight)
        if not np.issubdtype(weight.dtype, np.number) or not np.all(np.isfinite(weight)):
            raise PopulationError(
                f"{path}: column 'weight' has values that are not numbers (NaN or infinite); "
                "build the file again with 'cms-sim population'"
            )
        if np.any(weight < 0) or not np.any(weight > 0):
            raise PopulationError(
                f"{path}: column 'weight' has negative weights, or none above zero; build the "
                "file again with 'cms-sim population'"
            )
        seed, date = int(meta.pop("seed")), dt.date.fromisoformat(meta.pop("date"))
        return cls(columns, seed, date, meta)
