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
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator import __version__
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.population.arrangements import Linkage, link_families
from simulator.population.calibrate import calibrate, integerise
from simulator.population.case import draw_cases
from simulator.population.children import Children, draw_children
from simulator.population.draws import pay_scale
from simulator.population.frame import (
    CMS,
    COLLECT_AND_PAY,
    FLAT_RATE_BENEFIT,
    NIL_RATE,
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
) -> Population:
    """``n`` separated families for GB on ``date``.

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
    pop = _synthesise(n, seed, date, assumptions, parameters)
    if weights == "uniform":
        return pop
    return calibrate(pop)


def full_gb_population(
    seed: int,
    date: dt.date | str,
    *,
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
) -> Population:
    """The whole of GB: about 2.4 million families with a weight of one each,
    calibrated and then integerised (see :func:`simulator.population.calibrate.integerise`)."""
    assumptions = assumptions or load_assumptions()
    size = round(assumptions.value("population.size.separated_families"))
    return integerise(calibrate(_synthesise(size, seed, date, assumptions, parameters)))


def _synthesise(
    n: int,
    seed: int,
    date: dt.date | str,
    assumptions: AssumptionSet | None,
    parameters: ParameterSet | None,
) -> Population:
    """The request checked, then the sections in order; uniform weights."""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise PopulationError(f"'{date}' is not a date; write it as YYYY-MM-DD") from None
    if not isinstance(n, int | np.integer) or n < 1:
        raise PopulationError(
            f"the number of families must be a whole number of 1 or more, not {n!r}"
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
    is_cms = links.arrangement == CMS
    children = draw_children(
        rng, families, is_cms, a.size, a.children, values.behaviour.family, date
    )
    pay = pay_scale(a.economy, p, date)
    receiving = draw_receiving_parents(rng, families, links, children, a, pay, date, p)
    paying = draw_paying_parents(rng, links, receiving, a, pay, date, p)
    case = draw_cases(
        rng, families, is_cms, a.case, date, links.pp, links.service == COLLECT_AND_PAY
    )
    weight = np.full(n, a.size.separated_families / n)

    columns = _columns(families, weight, links, children, case, receiving, paying)
    columns.update(net_incomes(columns, p, date, a.housing))
    econ = a.economy
    line_bhc, line_ahc = poverty_line_weekly(p, date, econ.median_income_growth_annual)
    deep_bhc, deep_ahc = poverty_line_weekly(
        p, date, econ.median_income_growth_annual, share=p.hbai.deep_poverty_line_share
    )
    metadata = {
        "families": n,
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
        "paying_parent_id": pp.astype(np.int64),
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
