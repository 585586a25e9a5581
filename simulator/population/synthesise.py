"""A synthetic population of separated families in Great Britain.

One row per separated family: a receiving parent and the qualifying children
who live with them, linked to a paying parent's household. A paying parent with
several receiving parents appears once per family, all rows sharing a
``paying_parent_id`` and the same paying-parent attributes (one income).

Every family has a maintenance arrangement: with the Child Maintenance Service
(Direct Pay or Collect and Pay), family-based, or none — reforms move families
between them. Both households' net incomes before maintenance are worked out
with :mod:`simulator.rules.taxben` (HBAI definitions, before and after housing costs).

All distributions come from the assumption register
(``simulator/inputs/register/population.yaml``: central value, range, source or
reasoning) and the statutory parameters; draws are keyed to paying-parent and
family ids (:class:`simulator.randomness.KeyedRandom`), so the same ``n``,
``seed`` and ``date`` give an identical population on any machine, and a
family keeps its draws whatever else changes.

The synthesis runs in sections, one module each, in this order:
:mod:`~simulator.population.arrangements` (paying parents and arrangements),
:mod:`~simulator.population.children`,
:mod:`~simulator.population.receiving_parent`,
:mod:`~simulator.population.paying_parent` (one per unit),
:mod:`~simulator.population.case`; then both households' incomes
(:mod:`~simulator.population.households`) and, unless asked for uniform
weights, the calibration (:mod:`~simulator.population.calibrate`).

After the families at the date come the *entrants*
(:mod:`~simulator.population.entrants`): families who separate in the months
after it, drawn by the same sections with ids beyond the others' (so no
family at the date changes), with no arrangement, their children's ages at
their separation and the month they separate (``enters_month``, 0 for the
families at the date). The calibration and the published measures leave
them out: they do not exist at the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from simulator import __version__
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.population.arrangements import Linkage, link_families
from simulator.population.calibrate import calibrate, integerise_consuming
from simulator.population.case import draw_cases
from simulator.population.children import Children, draw_children
from simulator.population.draws import pay_scale
from simulator.population.entrants import (
    DEFAULT_ENTRANT_MONTHS,
    entrant_count,
    entry_age_probabilities,
    entry_months,
)
from simulator.population.frame import (
    CMS,
    COLLECT_AND_PAY,
    FLAT_RATE_BENEFIT,
    NIL_RATE,
    NO_ARRANGEMENT,
    NOT_CMS,
    Population,
    PopulationError,
)
from simulator.population.households import net_incomes
from simulator.population.paying_parent import PayingParents, draw_paying_parents
from simulator.population.receiving_parent import ReceivingParents, draw_receiving_parents
from simulator.randomness import KeyedRandom
from simulator.rules.taxben import poverty_line_weekly

__all__ = ["full_gb_population", "synthesise_population"]


def synthesise_population(
    n: int,
    seed: int,
    date: dt.date | str,
    *,
    weights: str = "calibrated",
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
    entrant_months: int = DEFAULT_ENTRANT_MONTHS,
) -> Population:
    """``n`` separated families for GB on ``date``, followed by the families
    who separate in the ``entrant_months`` months after it (the entrants,
    :mod:`simulator.population.entrants`, enough for runs to that month;
    ``enters_month`` is 0 for the families at the date). The families at the
    date are the same whatever ``entrant_months``.

    ``weights``: ``"calibrated"`` (default) matches the weighted population to
    the fitted calibration targets (:func:`simulator.population.calibrate.calibrate`);
    ``"uniform"`` gives every family the same weight (families in GB / n).
    For the full GB population with one family per real family, see
    :func:`full_gb_population`.

    Raises :class:`PopulationError` for an unusable request (n < 1, a date
    outside the tax years the tax-benefit parameters cover).
    """
    if weights not in ("calibrated", "uniform"):
        raise PopulationError(f"weights must be 'calibrated' or 'uniform', not {weights!r}")
    pop = _synthesise(n, seed, date, assumptions, parameters, entrant_months)
    if weights == "uniform":
        return pop
    return calibrate(pop)


def full_gb_population(
    seed: int,
    date: dt.date | str,
    *,
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
    entrant_months: int = DEFAULT_ENTRANT_MONTHS,
) -> Population:
    """The whole of GB: about 2.4 million families with a weight of one each,
    calibrated and then integerised (see :func:`simulator.population.calibrate.integerise`),
    and the entrants of runs of ``entrant_months`` months (as in
    :func:`synthesise_population`)."""
    assumptions = assumptions or load_assumptions()
    size = round(assumptions.value("population.size.separated_families"))
    # the families at the date and the entrants are not joined into one copy
    # of every column: integerising gathers each column's rows from both
    # (and the calibrated population's columns are released one by one as
    # their integerised copies are made)
    return integerise_consuming(
        calibrate(
            _synthesise(size, seed, date, assumptions, parameters, entrant_months, joined=False)
        )
    )


def _synthesise(
    n: int,
    seed: int,
    date: dt.date | str,
    assumptions: AssumptionSet | None,
    parameters: ParameterSet | None,
    entrant_months: int,
    joined: bool = True,
) -> Population:
    """The request checked, then the sections in order (the families at the
    date, then the entrants); uniform weights. ``joined=False``: the columns
    that calibrating and integerising do not read as a whole are
    :class:`_Joined` (the two sections' arrays, gathered from when indexed)."""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise PopulationError(f"'{date}' is not a date; write it as YYYY-MM-DD") from None
    if not isinstance(n, int | np.integer) or n < 1:
        raise PopulationError(
            f"the number of families must be a whole number of 1 or more, not {n!r}"
        )
    if not isinstance(entrant_months, int | np.integer) or entrant_months < 0:
        raise PopulationError(
            f"entrant_months (the longest run the entrants cover) must be a whole number of "
            f"0 or more, not {entrant_months!r}"
        )
    assumptions = assumptions or load_assumptions()
    parameters = parameters or load_parameters()
    p = parameters.at(date)
    if p.income_tax.personal_allowance.amount is None:
        raise PopulationError(
            f"{date} is before the tax-benefit parameters start (2024-04-06); choose a date "
            "in tax year 2024-25 or later"
        )
    values = assumptions.values()
    a = values.population
    rng = KeyedRandom(seed)
    n = int(n)
    families = np.arange(n, dtype=np.int64)
    links = link_families(rng, n, a.size)
    columns = _sections(
        rng, families, links, np.full(n, a.size.separated_families / n), values, p, date
    )
    entrants = entrant_count(n, a.size, a.entrants, entrant_months)
    if entrants:
        columns = _with_entrants(
            columns, rng, n, links.units, entrants, entrant_months, values, p, date, joined
        )
    else:
        columns["enters_month"] = np.zeros(n, dtype=np.int16)
    econ = a.economy
    line_bhc, line_ahc = poverty_line_weekly(p, date, econ.median_income_growth_annual)
    deep_bhc, deep_ahc = poverty_line_weekly(
        p, date, econ.median_income_growth_annual, share=p.hbai.deep_poverty_line_share
    )
    metadata = {
        "families": n,
        "entrants": entrants,
        "entrant_months": int(entrant_months),
        "poverty_line_bhc_weekly": line_bhc,
        "poverty_line_ahc_weekly": line_ahc,
        "deep_poverty_line_bhc_weekly": deep_bhc,
        "deep_poverty_line_ahc_weekly": deep_ahc,
        "model_version": __version__,
        "parameters_digest": parameters.digest(),
        "assumptions_digest": assumptions.digest(),
        "weights": "uniform",
    }
    return Population(columns, int(seed), date, metadata)


def _sections(
    rng: KeyedRandom,
    families: np.ndarray,
    links: Linkage,
    weight: np.ndarray,
    values,
    p,
    date: dt.date,
    eldest: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The columns of ``families`` (their ids; ``links``: their paying parents
    and arrangements; ``weight``: their design weights), the sections in
    order, both households' incomes included; ``eldest``: the distribution of
    the eldest child's age (default the stock's)."""
    a = values.population
    is_cms = links.arrangement == CMS
    children = draw_children(
        rng, families, is_cms, a.size, a.children, values.behaviour.family, date, eldest
    )
    pay = pay_scale(a.economy, p, date)
    receiving = draw_receiving_parents(rng, families, links, children, a, pay, date, p)
    paying = draw_paying_parents(rng, links, receiving, a, pay, date, p, values.behaviour)
    case = draw_cases(
        rng,
        families,
        is_cms,
        a.case,
        date,
        links.unit_ids[links.pp],
        links.service == COLLECT_AND_PAY,
    )
    columns = _columns(families, weight, links, children, case, receiving, paying)
    columns.update(net_incomes(columns, p, date, a.housing))
    return columns


def _with_entrants(
    columns: dict[str, np.ndarray],
    rng: KeyedRandom,
    n: int,
    units: int,
    entrants: int,
    months: int,
    values,
    p,
    date: dt.date,
    joined: bool = True,
) -> dict[str, np.ndarray]:
    """The stock's ``columns`` (``n`` families of ``units`` paying parents)
    followed by ``entrants`` entrant families covering the ``months`` months
    after the date (:mod:`simulator.population.entrants`): ids beyond the stock's,
    no arrangement, the eldest child's age at separation, a month of entry;
    each weighted by the GB entrants over the sample's."""
    a = values.population
    links = link_families(rng, entrants, a.size, first_unit=units)
    links = replace(
        links,
        arrangement=np.full(entrants, NO_ARRANGEMENT, dtype=np.int8),
        service=np.full(entrants, NOT_CMS, dtype=np.int8),
        unit_arrangement=np.full(links.units, NO_ARRANGEMENT, dtype=links.unit_arrangement.dtype),
        unit_service=np.full(links.units, NOT_CMS, dtype=np.int8),
    )
    weight = a.entrants.families_monthly * months / entrants
    new = _sections(
        rng,
        n + np.arange(entrants, dtype=np.int64),
        links,
        np.full(entrants, weight),
        values,
        p,
        date,
        entry_age_probabilities(a.children, values.behaviour.family, date),
    )
    split = _Split(n)
    out = {
        name: np.concatenate([values_, new[name]])
        if joined or name in _READ_WHOLE
        else _Joined(values_, new[name], split)
        for name, values_ in columns.items()
    }
    out["enters_month"] = np.concatenate(
        [
            np.zeros(n, dtype=np.int16),
            entry_months(np.bincount(links.pp, minlength=links.units), months)[links.pp],
        ]
    )
    return out


#: The columns calibration and integerisation read as a whole (joined even
#: when the others are not: :func:`_synthesise`'s ``joined``).
_READ_WHOLE = ("paying_parent_id", "receiving_parent_rank", "weight")


class _Split:
    """Where the rows of an index fall, in the families at the date (the
    first ``n``) or in the entrants: worked out once for the index every
    column is gathered by."""

    def __init__(self, n: int):
        self.n, self.rows, self.parts = n, None, None

    def of(self, rows: np.ndarray):
        if rows is not self.rows:
            first = rows < self.n
            at, later = np.flatnonzero(first), np.flatnonzero(~first)
            self.rows, self.parts = rows, (at, rows[at], later, rows[later] - self.n)
        return self.parts


class _Joined:
    """A column as the families at the date's array followed by the
    entrants', never copied into one: indexed by an integer array, the same
    values (and type) as the joined array's; sliced to the first part, that
    part."""

    def __init__(self, first: np.ndarray, second: np.ndarray, split: _Split):
        self.first, self.second, self.split = first, second, split
        self.dtype = np.result_type(first, second)
        self.ndim, self.shape = first.ndim, (len(first) + len(second), *first.shape[1:])

    def __len__(self) -> int:
        return self.shape[0]

    def __array__(self, dtype=None, copy=None):
        joined = np.concatenate([self.first, self.second])
        return joined if dtype is None else joined.astype(dtype)

    def __getitem__(self, key):
        if isinstance(key, slice) and key == slice(None, len(self.first)):
            return self.first
        if not (isinstance(key, np.ndarray) and key.ndim == 1 and key.dtype.kind in "iu"):
            return np.asarray(self)[key]
        at, rows_at, later, rows_later = self.split.of(key)
        out = np.empty((len(key), *self.shape[1:]), dtype=self.dtype)
        out[at] = self.first[rows_at]
        out[later] = self.second[rows_later]
        return out


def _columns(
    families: np.ndarray,
    weight: np.ndarray,
    links: Linkage,
    children: Children,
    case: tuple[np.ndarray, np.ndarray, np.ndarray],
    receiving: ReceivingParents,
    paying: PayingParents,
) -> dict[str, np.ndarray]:
    """The population's columns, in their order, from the sections' draws;
    each paying parent's attributes repeated on each of their families."""
    pp = links.pp
    case_start, domestic_abuse, arrears_only = case
    pp_employment = paying.employment[pp]
    return {
        "family_id": families,
        "paying_parent_id": links.unit_ids[pp].astype(np.int64),
        "receiving_parent_rank": links.rank,
        "weight": weight,
        "arrangement": links.arrangement,
        "service": links.service,
        "case_start": case_start,
        "domestic_abuse": domestic_abuse,
        "arrears_only": arrears_only,
        "n_children": children.n_children.astype(np.int8),
        "child_age": children.child_age,
        "child_nights": children.child_nights,
        "rp_sex": receiving.rp_sex,
        "rp_age": np.floor(receiving.rp_age).astype(np.int16),
        "rp_country": receiving.rp_country,
        "rp_employment": receiving.rp_employment,
        "rp_hours": receiving.rp_hours,
        "rp_earnings": receiving.rp_earnings,
        "rp_self_employment_income": receiving.rp_profit,
        "rp_partner": receiving.rp_partner,
        "rp_partner_age": np.floor(receiving.rp_partner_age).astype(np.int16),
        "rp_partner_earnings": receiving.rp_partner_earnings,
        "rp_other_child_age": receiving.rp_other_ages,
        **{f"rp_{k}": v for k, v in receiving.rp_housing.items()},
        "pp_sex": receiving.pp_sex,
        "pp_age": np.floor(paying.age[pp]).astype(np.int16),
        "pp_country": paying.country[pp].astype(np.int8),
        "pp_employment": pp_employment,
        "pp_flat_rate_benefit": pp_employment == FLAT_RATE_BENEFIT,
        "pp_nil_rate": pp_employment == NIL_RATE,
        "pp_true_earnings": paying.true_earnings[pp],
        "pp_true_profit": paying.true_profit[pp],
        "pp_declared_earnings": paying.declared_earnings[pp],
        "pp_declared_profit": paying.declared_profit[pp],
        "pp_hmrc_declared_annual": paying.hmrc_declared[pp],
        "pp_diverted_income_annual": paying.diverted[pp],
        "pp_cash_in_hand_annual": paying.cash_in_hand[pp],
        "pp_unearned_income": paying.unearned[pp],
        "pp_assets": paying.assets[pp],
        "pp_pension_contributions": paying.pension[pp],
        "pp_partner": paying.partner[pp],
        "pp_partner_age": np.floor(paying.partner_age[pp]).astype(np.int16),
        "pp_partner_earnings": paying.partner_earnings[pp],
        "pp_other_child_age": paying.other_child_ages[pp],
        "pp_relevant_other_children": paying.other_children[pp].astype(np.int8),
        "pp_relevant_non_resident_children": paying.non_resident_children[pp],
        **{f"pp_{k}": v[pp] for k, v in paying.housing.items()},
    }
