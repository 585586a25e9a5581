"""Households: what the other processes do not move in both households, and
the taxes, benefits and HBAI net incomes that follow.

Each month, for every **receiving household** (one per family): the receiving
parent leaves work or finds it (hazards in ``behaviour.households``: leaving
work at one rate, finding it at a rate for lone and one for partnered
parents, the two set so that their ratio gives the population's employment
rates; a scenario that changes either changes the rate), sees pay or profit
change by 25% or more (at the employees' and the self-employed's annual rates
of ``behaviour.income``), forms and leaves a couple (a new partner drawn as
the population draws partners: :func:`simulator.population.draws.new_partner`)
and has children with a partner. Someone who finds work does so at the pay
the population drew for them (:func:`simulator.population.receiving_parent.hourly_pay`,
their part- or full-time hours) or, if they had worked, at their last pay.
For every **paying household** (one per paying parent): the partner's
earnings (a new partner drawn the same way when :mod:`.incomes` forms a
couple; none after a separation) and the other children (a child born when
:mod:`.incomes` adds a relevant other child; none after a separation, as
:mod:`.incomes` sets the relevant other children to none). The paying parent's
own job, pay and profit are :mod:`.incomes`'s.

Other children (children of a new relationship, in both households) age like
qualifying children (:mod:`.children`'s months of birth and leaving ages,
with draws of their own), and are dependent children for taxes, benefits and
HBAI while they would qualify. A qualifying child who stops qualifying leaves
the benefit unit (HBAI counts dependent children only).

Taxes, benefits and net incomes come from
:func:`simulator.population.households.net_incomes` (the population's own
function, on the population's columns with this state's circumstances),
worked out again only for the households whose circumstances changed this
month (work, pay, partner, a child born, a dependent child crossing the
equivalence scale's older-child age or leaving) and for every household when
the law changes (each April: the tax year and uprating; the two-child limit's
end). Universal Credit disregards maintenance received and does not deduct
maintenance paid (UC Regs 2013 reg. 66): net incomes here are before
maintenance, which :mod:`simulator.outcomes.poverty` adds or subtracts.
Incomes are in the money of the tax year whose law is in force
(:func:`money_date`): earnings (both households' parents and partners,
profits) enter the tax and benefit rules uprated from the population date by
the register's earnings growth (``population.economy.earnings_growth_annual``,
the assumption the HBAI median's growth is tied to), so that pay rises each
April as benefits and the poverty line do; after the last tax year the
statutory parameters cover, nothing is uprated. Rents and mortgage interest
stay as drawn at the population date.

State: arrays per family (receiving households) and per paying parent
(paying households); net incomes are £ a year, as in the population.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.processes import children as kids
from simulator.dynamics.processes.incomes import PayingParents
from simulator.dynamics.timing import MONTHS_IN_YEAR, per_month
from simulator.population.draws import DAYS_IN_YEAR, WEEKS_IN_YEAR, PayScale, new_partner, pay_scale
from simulator.population.frame import (
    RP_FULL_TIME,
    RP_NOT_WORKING,
    RP_PART_TIME,
    RP_SELF_EMPLOYED,
)
from simulator.population.hmrc_record import large_change_factor
from simulator.population.households import net_incomes
from simulator.population.receiving_parent import hourly_pay, works_part_time
from simulator.randomness import KeyedRandom

__all__ = [
    "NET_INCOME_KEYS",
    "Households",
    "PayingBefore",
    "initial",
    "money_date",
    "paying_before",
    "step",
]

#: What is kept of :func:`net_incomes` for each household (without its prefix).
NET_INCOME_KEYS = (
    "net_income_bhc",
    "net_income_ahc",
    "equivalence_bhc",
    "equivalence_ahc",
    "universal_credit",
)
EMPTY = -1
#: The tax year starts on 6 April.
TAX_YEAR_START = (4, 6)


@dataclass
class Households(Arrays):
    """Both households' circumstances beyond the paying parent's own work, and
    their net incomes (``rp_*``: per family; ``pp_*``: per paying parent)."""

    rp_employment: np.ndarray  # int8, population.RP_EMPLOYMENT codes
    rp_earnings: np.ndarray  # £ a year
    rp_profit: np.ndarray  # £ a year, self-employment
    rp_potential_earnings: np.ndarray  # £ a year a receiving parent out of work would earn
    rp_part_time: np.ndarray  # bool, works part-time when employed
    rp_partner: np.ndarray  # bool
    rp_partner_age: np.ndarray  # years, -1 without
    rp_partner_earnings: np.ndarray  # £ a year
    rp_other_birth: np.ndarray  # (families, slots) kids.month_index, -1 empty
    rp_other_leaving: np.ndarray  # (families, slots) leaving age
    rp_other_dependent: np.ndarray  # (families, slots) bool
    pp_partner_age: np.ndarray  # (units,)
    pp_partner_earnings: np.ndarray  # (units,) £ a year
    pp_other_birth: np.ndarray  # (units, slots)
    pp_other_leaving: np.ndarray  # (units, slots)
    pp_other_dependent: np.ndarray  # (units, slots) bool
    rp_net: dict = field(default_factory=dict)  # NET_INCOME_KEYS -> (families,)
    pp_net: dict = field(default_factory=dict)  # NET_INCOME_KEYS -> (units,)
    #: the population's columns (never changed; shared between branches)
    columns: Mapping = field(default_factory=dict)
    #: earnings levels on the population date (for work found and new partners)
    pay: PayScale | None = None
    #: the start of the tax and benefit law's period the net incomes were last
    #: worked out under
    law_period: dt.date | None = None
    #: the population date, and earnings growth since it at the law's period
    #: (pay rises with the law each April; the amounts above stay in money of
    #: the population date, as the paying parents' do in .incomes)
    date: dt.date | None = None
    earnings_index: float = 1.0

    def copy(self) -> Households:
        out = super().copy()
        out.rp_net = {k: v.copy() for k, v in self.rp_net.items()}
        out.pp_net = {k: v.copy() for k, v in self.pp_net.items()}
        return out

    def rp_children(self, children: kids.Children) -> np.ndarray:
        """(families,) dependent children in each receiving household this month."""
        return children.count() + kids.count_slots(self.rp_other_dependent)

    def pp_children(self) -> np.ndarray:
        """(units,) dependent children in each paying household this month."""
        return kids.count_slots(self.pp_other_dependent)


#: The statutory sections of the tax and benefit system (and HBAI's lines),
#: whose amounts are in a tax year's money; the CMS's own (rates, fees, income,
#: variations, service, shared care) are not, so a reform changing them after
#: the last tax year covered does not move the money incomes are in.
MONEY_SECTIONS = (
    "universal_credit", "income_tax", "national_insurance", "child_benefit",
    "local_housing_allowance", "minimum_wage", "scottish_child_payment",
    "warm_home_discount", "council_tax", "hbai",
)  # fmt: skip


def money_date(p) -> dt.date:
    """The date whose money incomes and poverty lines are in while the law
    ``p`` is in force: the middle of the tax year of the latest change to the
    tax and benefit system in force (:data:`MONEY_SECTIONS`; HBAI's lines are a
    financial year's median; after the last tax year the statutory parameters
    cover, everything stays in that year's money, as its benefits do, whatever
    a reform of the CMS changes later)."""
    start = _money_start(p.parameter_set, p.date)
    year = start.year if (start.month, start.day) >= TAX_YEAR_START else start.year - 1
    return dt.date(year, *TAX_YEAR_START) + dt.timedelta(days=DAYS_IN_YEAR / 2)


#: id(parameter set) -> (the set, {date: its money start}): worked out once a
#: month per set, not once a month per run and chunk (the set is kept so that
#: its id is not reused)
_MONEY_STARTS: dict[int, tuple[object, dict[dt.date, dt.date]]] = {}


def _money_start(parameter_set, when: dt.date) -> dt.date:
    """The latest start, on or before ``when``, of a value in force in the
    tax and benefit sections."""
    _, known = _MONEY_STARTS.setdefault(id(parameter_set), (parameter_set, {}))
    if when not in known:
        starts = [
            entry.start
            for path in parameter_set.keys()
            if path.split(".")[0] in MONEY_SECTIONS
            and (entry := parameter_set[path].entry_at(when)) is not None
        ]
        known[when] = max(starts, default=when)
    return known[when]


@dataclass(frozen=True)
class PayingBefore:
    """The paying parents' circumstances before :func:`.incomes.step` (to see
    what it changed)."""

    employment: np.ndarray
    earnings: np.ndarray
    profit: np.ndarray
    partner: np.ndarray
    roc: np.ndarray


def paying_before(people: PayingParents) -> PayingBefore:
    return PayingBefore(
        people.employment.copy(),
        people.true_earnings.copy(),
        people.true_profit.copy(),
        people.partner.copy(),
        people.roc.copy(),
    )


def _other_children(rng: KeyedRandom, prefix: str, ids, ages, fam, date: dt.date):
    """Months of birth, leaving ages and dependent status of children of a new
    relationship whose ages on ``date`` are ``ages`` (draws named ``prefix``)."""
    ages = np.asarray(ages, dtype=np.int64)
    born = kids.birth_months(rng, f"{prefix}_other_birth_month", ids, ages, date)
    leaving = kids.leaving_ages(rng, f"{prefix}_other_leaving_age", ids, ages, fam)
    return born, leaving, ages >= 0


def initial(pop, frame: Frame, values, rng: KeyedRandom, p_population) -> Households:
    """Both households as synthesised (the population's columns), with the
    net incomes the population worked out. ``p_population``: the law on the
    population date (for the pay scale of receiving parents who start work)."""
    a, fam = values.population, values.behaviour.family
    fids, first = frame.family_ids, frame.first
    rp_born, rp_leaving, rp_dep = _other_children(
        rng, "rp", fids, pop.rp_other_child_age, fam, pop.date
    )
    pp_born, pp_leaving, pp_dep = _other_children(
        rng, "pp", frame.unit_ids, pop.pp_other_child_age[first], fam, pop.date
    )
    rp = a.receiving_parent
    pay = pay_scale(a.economy, p_population, pop.date)
    part_time = works_part_time(rng, fids, rp)
    hours = np.where(part_time, pay.part_time_hours, pay.full_time_hours)
    earnings = pop.rp_earnings.astype(float).copy()
    columns = pop.columns
    return Households(
        rp_employment=pop.rp_employment.astype(np.int8).copy(),
        rp_earnings=earnings,
        rp_profit=pop.rp_self_employment_income.astype(float).copy(),
        rp_potential_earnings=np.where(
            earnings > 0, earnings, hourly_pay(rng, fids, rp, pay) * hours * WEEKS_IN_YEAR
        ),
        rp_part_time=part_time,
        rp_partner=pop.rp_partner.astype(bool).copy(),
        rp_partner_age=pop.rp_partner_age.astype(np.int64).copy(),
        rp_partner_earnings=pop.rp_partner_earnings.astype(float).copy(),
        rp_other_birth=rp_born,
        rp_other_leaving=rp_leaving,
        rp_other_dependent=rp_dep,
        pp_partner_age=pop.pp_partner_age[first].astype(np.int64).copy(),
        pp_partner_earnings=pop.pp_partner_earnings[first].astype(float).copy(),
        pp_other_birth=pp_born,
        pp_other_leaving=pp_leaving,
        pp_other_dependent=pp_dep,
        rp_net={k: columns[f"rp_{k}"].astype(float).copy() for k in NET_INCOME_KEYS},
        pp_net={k: columns[f"pp_{k}"][first].astype(float).copy() for k in NET_INCOME_KEYS},
        columns=columns,
        pay=pay,
        date=pop.date,
    )


@dataclass(frozen=True)
class _Month:
    """What this month's draws and rates need."""

    rng: KeyedRandom
    values: object  # the assumption register's values
    tolerance: float  # the change that counts as large (25%)
    t: int
    now: int  # kids.month_index of this month


def _receiving_parents(hh: Households, ids: np.ndarray, m: _Month) -> np.ndarray:
    """The receiving parents' work, pay, partners and new children this month;
    returns the families whose circumstances changed."""
    b, rng, t = m.values.behaviour, m.rng, m.t
    h, inc = b.households, b.income
    working = hh.rp_employment != RP_NOT_WORKING
    self_emp = hh.rp_employment == RP_SELF_EMPLOYED
    employee = working & ~self_emp
    # one draw a month for work: in work, leaving it (below the exit hazard) or
    # a change of pay (employees) or profit (self-employed) of 25% or more (the
    # next slice); out of work, finding it
    u = rng.uniform("rp_work", ids, t)
    exit_ = h.rp_work_exit_monthly
    rate = np.where(
        self_emp,
        per_month(inc.income_change_ge25_annual_selfemployed),
        per_month(inc.income_change_ge25_annual_employee),
    )
    leave = working & (u < exit_)
    moved = working & (u >= exit_) & (u < exit_ + rate)
    entry = np.where(hh.rp_partner, h.rp_work_entry_monthly_partnered, h.rp_work_entry_monthly_lone)
    find = ~working & (u < entry)
    pay_move, profit_move = moved & employee, moved & self_emp
    factor = large_change_factor(rng, inc, m.tolerance, "rp_pay_change_size", ids, t, moved)
    hh.rp_earnings = np.where(pay_move, hh.rp_earnings * factor, hh.rp_earnings)
    hh.rp_profit = np.where(profit_move, hh.rp_profit * factor, hh.rp_profit)
    hh.rp_potential_earnings = np.where(employee, hh.rp_earnings, hh.rp_potential_earnings)
    hh.rp_employment = np.where(leave, RP_NOT_WORKING, hh.rp_employment).astype(np.int8)
    hh.rp_earnings = np.where(leave, 0.0, hh.rp_earnings)
    hh.rp_profit = np.where(leave, 0.0, hh.rp_profit)
    back = hh.rp_potential_earnings * np.exp(
        inc.small_change_sd_log * rng.normal_where("rp_find_work_pay", ids, find, t)
    )
    hh.rp_earnings = np.where(find, back, hh.rp_earnings)
    hh.rp_employment = np.where(
        find, np.where(hh.rp_part_time, RP_PART_TIME, RP_FULL_TIME), hh.rp_employment
    ).astype(np.int8)

    # one draw a month for the family: a lone parent forms a couple; a couple
    # separates (below the separation hazard) or has a child (the next slice)
    v = rng.uniform("rp_family", ids, t)
    split_rate = h.rp_separation_monthly
    form = ~hh.rp_partner & (v < h.rp_repartner_monthly)
    split = hh.rp_partner & (v < split_rate)
    birth = hh.rp_partner & (v >= split_rate) & (v < split_rate + h.rp_new_child_monthly)
    _new_partners(hh, "rp", ids, np.asarray(hh.columns["rp_age"]), form, split, m)
    hh.rp_partner = (hh.rp_partner | form) & ~split
    born = _birth(
        hh.rp_other_birth, hh.rp_other_leaving, hh.rp_other_dependent, birth, ids, "rp", m
    )
    return leave | find | moved | form | split | born


def _paying_households(
    hh: Households, people: PayingParents, before: PayingBefore, ids: np.ndarray, first, m: _Month
) -> np.ndarray:
    """The paying households' partners and children after :mod:`.incomes`
    moved the paying parents; returns the paying parents whose circumstances
    changed."""
    form = people.partner & ~before.partner
    split = before.partner & ~people.partner
    own_age = np.asarray(hh.columns["pp_age"])[first]
    _new_partners(hh, "pp", ids, own_age, form, split, m)
    # a separation takes the children of that relationship with it (as .incomes
    # sets the relevant other children to none)
    hh.pp_other_birth[split] = EMPTY
    hh.pp_other_leaving[split] = EMPTY
    hh.pp_other_dependent[split] = False
    birth = ~split & (people.roc > before.roc)
    _birth(hh.pp_other_birth, hh.pp_other_leaving, hh.pp_other_dependent, birth, ids, "pp", m)
    return (
        (people.employment != before.employment)
        | (people.true_earnings != before.earnings)
        | (people.true_profit != before.profit)
        | form
        | split
        | birth
    )


def _new_partners(hh: Households, role: str, ids, own_age, form, split, m: _Month) -> None:
    """Partners met this month (``form``), drawn as the population draws them
    (:func:`new_partner`, draws "<role>_new_partner_*" stepped by the month),
    and partners gone (``split``)."""
    a = m.values.population
    ppa = a.paying_parent
    side = a.receiving_parent if role == "rp" else ppa
    age = getattr(hh, f"{role}_partner_age")
    earnings = getattr(hh, f"{role}_partner_earnings")
    rows = np.flatnonzero(form)
    if rows.size:
        pay = hh.pay
        new_age, new_earnings = new_partner(
            m.rng,
            f"{role}_new",
            ids[rows],
            np.ones(rows.size, dtype=bool),
            np.asarray(own_age, dtype=float)[rows],
            ppa.age_gap_mean if role == "rp" else -ppa.age_gap_mean,
            ppa.age_gap_sd,
            side.partner_employment_rate,
            pay.ashe_annual * side.partner_pay_ratio,
            ppa.pay_sd_log,
            pay.minimum_wage * pay.part_time_hours * WEEKS_IN_YEAR,
            step=m.t,
        )
        age[rows] = np.floor(new_age)
        earnings[rows] = new_earnings
    age[split] = EMPTY
    earnings[split] = 0.0


def _birth(born, leaving, dependent, birth, ids, prefix: str, m: _Month) -> np.ndarray:
    """A child born this month in the households ``birth`` with a free slot
    (up to the population's most children of a new relationship; the leaving
    age drawn as "<prefix>_new_child_leaving_<month>"); returns the households
    with one."""
    rows = np.flatnonzero(birth)
    free = born[rows] < 0
    rows, free = rows[free.any(axis=1)], free[free.any(axis=1)]
    has_free = np.zeros(len(born), dtype=bool)
    has_free[rows] = True
    if rows.size:
        slot = np.argmax(free, axis=1)
        newborn = np.full((rows.size, 1), 0, dtype=np.int64)
        age = kids.leaving_ages(
            m.rng,
            f"{prefix}_new_child_leaving_{m.t}",
            ids[rows],
            newborn,
            m.values.behaviour.family,
        )[:, 0]
        born[rows, slot] = m.now
        leaving[rows, slot] = age
        dependent[rows, slot] = True
    return has_free


def _grow_up(born, leaving, dependent, when: dt.date, older_age: int, check: bool) -> np.ndarray:
    """Other children on the first of ``when``'s month: those past their
    leaving date stop being dependent (:func:`kids.step`, which ends a child's
    dependency only at the end of August: so looked at in September and when
    ``check``); returns the households where a dependent child left or
    reached the equivalence scale's older-child age."""
    left = np.zeros(len(born), dtype=bool)
    if check or when.month == kids.LAST_MONTH_OF_SCHOOL_YEAR + 1:
        group = kids.Children(born, leaving, dependent.copy())
        left = kids.step(group, when).families
        dependent[:] = group.qualifying
    return left | _birthday(born, when, older_age)


def _birthday(born, when: dt.date, older_age: int) -> np.ndarray:
    """Households with a dependent child reaching ``older_age`` this month
    (every child of that age is dependent: no child leaves before 16)."""
    turning = kids.month_index(when) - older_age * MONTHS_IN_YEAR
    hit = np.zeros(len(born), dtype=bool)
    for k in range(born.shape[1]):  # column by column: cheaper than a reduction over slots
        hit |= born[:, k] == turning
    return hit


class _Rows(Mapping):
    """The population's columns on ``rows``, with this month's circumstances
    in place of the synthesised ones (what :func:`net_incomes` reads)."""

    def __init__(self, columns: Mapping, rows: np.ndarray, current: dict):
        self.columns, self.rows, self.current = columns, rows, current

    def __getitem__(self, key):
        if key in self.current:
            return self.current[key]
        return np.asarray(self.columns[key])[self.rows]

    def __iter__(self):
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


def _ages(born, dependent, when: dt.date, dtype) -> np.ndarray:
    return np.where(dependent, kids.age_years(born, when), EMPTY).astype(dtype)


def recompute(
    hh: Households,
    children: kids.Children,
    people: PayingParents,
    frame: Frame,
    receiving: np.ndarray,
    paying: np.ndarray,
    p,
    when: dt.date,
    housing,
) -> None:
    """Work out again, with :func:`net_incomes` on this month's
    circumstances, the net incomes of the receiving households of families
    ``receiving`` (rows) and of the paying households of ``paying`` (units;
    on their first family's row) — each side only where it changed."""
    cols = hh.columns
    k = hh.earnings_index  # money of the population date to money of the law's period
    if receiving.size:
        rows = receiving
        current = {
            "child_age": _ages(
                children.birth_month[rows],
                children.qualifying[rows],
                when,
                np.asarray(cols["child_age"]).dtype,
            ),
            "rp_employment": hh.rp_employment[rows],
            "rp_earnings": k * hh.rp_earnings[rows],
            "rp_self_employment_income": k * hh.rp_profit[rows],
            "rp_partner": hh.rp_partner[rows],
            "rp_partner_age": hh.rp_partner_age[rows],
            "rp_partner_earnings": k * hh.rp_partner_earnings[rows],
            "rp_other_child_age": _ages(
                hh.rp_other_birth[rows],
                hh.rp_other_dependent[rows],
                when,
                np.asarray(cols["rp_other_child_age"]).dtype,
            ),
        }
        out = net_incomes(_Rows(cols, rows, current), p, when, housing, sides=("rp",))
        for key in NET_INCOME_KEYS:
            hh.rp_net[key][rows] = out[f"rp_{key}"]
    if paying.size:
        u = paying
        current = {
            "pp_employment": people.employment[u],
            "pp_true_earnings": k * people.true_earnings[u],
            "pp_true_profit": k * people.true_profit[u],
            "pp_declared_earnings": k * people.declared_earnings_annual()[u],
            "pp_declared_profit": k * people.declared_profit_annual()[u],
            "pp_cash_in_hand_annual": k * people.cash_in_hand_annual(u),
            "pp_partner": people.partner[u],
            "pp_partner_age": hh.pp_partner_age[u],
            "pp_partner_earnings": k * hh.pp_partner_earnings[u],
            "pp_other_child_age": _ages(
                hh.pp_other_birth[u],
                hh.pp_other_dependent[u],
                when,
                np.asarray(cols["pp_other_child_age"]).dtype,
            ),
        }
        out = net_incomes(_Rows(cols, frame.first[u], current), p, when, housing, sides=("pp",))
        for key in NET_INCOME_KEYS:
            hh.pp_net[key][u] = out[f"pp_{key}"]
        people.net_income_monthly[u] = out["pp_net_income_bhc"] / MONTHS_IN_YEAR


def step(
    hh: Households,
    children: kids.Children,
    aged: kids.ChildChanges,
    people: PayingParents,
    before: PayingBefore,
    frame: Frame,
    values,
    tolerance: float,
    rng: KeyedRandom,
    t: int,
    when: dt.date,
    p,
) -> None:
    """One month of both households (after :mod:`.children` and
    :mod:`.incomes`), and their net incomes worked out again where anything
    changed (every household when the tax and benefit law changed:
    :data:`MONEY_SECTIONS`)."""
    m = _Month(rng, values, tolerance, t, kids.month_index(when))
    older = p.hbai.equivalence_scale.older_child_age
    fids, uids = frame.family_ids, frame.unit_ids
    receiving = _receiving_parents(hh, fids, m)
    receiving |= aged.families | _birthday(children.birth_month, when, older)
    first_month = hh.law_period is None
    receiving |= _grow_up(
        hh.rp_other_birth, hh.rp_other_leaving, hh.rp_other_dependent, when, older, first_month
    )
    paying = _paying_households(hh, people, before, uids, frame.first, m)
    paying |= _grow_up(
        hh.pp_other_birth, hh.pp_other_leaving, hh.pp_other_dependent, when, older, first_month
    )
    # (the tax and benefit law's period: a change to the CMS's own law leaves
    # net incomes before maintenance as they are)
    period = _money_start(p.parameter_set, p.date)
    if hh.law_period != period:
        receiving[:] = True
        paying[:] = True
        hh.law_period = period
        years = (money_date(p) - hh.date).days / DAYS_IN_YEAR
        hh.earnings_index = (1 + values.population.economy.earnings_growth_annual) ** years
    recompute(
        hh,
        children,
        people,
        frame,
        np.flatnonzero(receiving),
        np.flatnonzero(paying),
        p,
        when,
        values.population.housing,
    )
