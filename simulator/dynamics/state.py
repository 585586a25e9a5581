"""The state of a run: every process's part, and the law and behaviour in force.

:class:`State` gathers what each process owns (its dataclass is in its own
module under :mod:`simulator.dynamics.processes`) with the run's context: the
parameters and the law in force this month, the behaviour (assumption
register values), the draws, the steady rates and the switches. One month is
:func:`simulator.dynamics.month.step`; :meth:`State.branch` gives an
independent copy (runs that share a warm-up go on from copies of it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np

from simulator.dynamics.frame import Frame
from simulator.dynamics.processes import (
    arrangements,
    arrears,
    children,
    compliance,
    enforcement,
    households,
    incomes,
    knowledge,
    liabilities,
    lifestyle,
    payments,
)
from simulator.dynamics.shared import SharedRates
from simulator.inputs.assumptions import AssumptionSet
from simulator.inputs.parameters import ParameterSet
from simulator.inputs.switches import Switches
from simulator.population import FAMILY_BASED, Population
from simulator.randomness import KeyedRandom

__all__ = ["CHANNELS", "State"]

#: A reform's channels, in the order a decomposition switches them on
#: (:mod:`simulator.experiments.channels`): which processes read the reform's
#: law, behaviour and switches in a run that has the channel on, and the
#: baseline's where it is off. ``mechanical``: liabilities and assessment
#: (the rules engine, reported changes, payroll data, the lifestyle ground,
#: new cases' assessments), collection fees and the allocation of payments;
#: ``compliance``: voluntary payment (propensities, the fee and the fee
#: threat it sees, the response to deemed income) and family-based payment;
#: ``service``: applications, closures, family-based arrangements and their
#: amounts, moves between Direct Pay and Collect and Pay; ``enforcement``:
#: arrears instalments, deduction orders, escalation, recovery, write-offs;
#: ``households``: children, incomes and both households (:func:`~simulator.
#: dynamics.month.live`), which read only the tax-benefit law and the
#: register's income, family and household values: no CMS policy reaches
#: them, so the channel is zero by construction.
CHANNELS = ("mechanical", "compliance", "service", "enforcement", "households")


@dataclass
class State:
    """A set of families and their paying parents at the start of a month."""

    # who they are (fixed)
    frame: Frame
    propensity: compliance.Propensity
    # what the processes own
    children: children.Children
    people: incomes.PayingParents
    tax_record: incomes.TaxRecord
    assessment: knowledge.Assessment
    lifestyle: lifestyle.Lifestyle
    arrangements: arrangements.Arrangements
    liabilities: liabilities.Liabilities
    enforcement: enforcement.Enforcement
    arrears: arrears.Arrears
    history: payments.PaymentHistory
    households: households.Households
    # the run's context
    parameters: ParameterSet
    values: object  # the assumption register's values (.behaviour, .population, ...)
    effects: dict  # published compliance effects on the logit scale (compliance.effects)
    rng: KeyedRandom
    start: dt.date
    shared: SharedRates
    law: object  # the Parameters in force this month
    switches: Switches = field(default_factory=Switches)
    month_index: int = 0
    #: worker threads for the rules engine (None: all cores; 1 in worker processes)
    threads: int | None = None
    #: the channels (:data:`CHANNELS`) whose processes read the baseline's
    #: law, behaviour and switches (``base``) instead of the run's (a
    #: decomposition's counterfactual run; empty in an ordinary run)
    off: frozenset = frozenset()
    #: the baseline's (parameters, values, effects, switches) for ``off``
    base: tuple | None = None
    #: the baseline's law in force this month (when ``base`` is given)
    base_law: object = None

    def law_for(self, channel: str):
        """The law in force this month as ``channel``'s processes read it."""
        return self.base_law if channel in self.off else self.law

    def parameters_for(self, channel: str) -> ParameterSet:
        return self.base[0] if channel in self.off else self.parameters

    def values_for(self, channel: str):
        """The register's values as ``channel``'s processes read them."""
        return self.base[1] if channel in self.off else self.values

    def behaviour_for(self, channel: str):
        return self.values_for(channel).behaviour

    def fitted_for(self, channel: str):
        return self.values_for(channel).behaviour_fitted.compliance_fitted

    def effects_for(self, channel: str) -> dict:
        return self.base[2] if channel in self.off else self.effects

    def switches_for(self, channel: str) -> Switches:
        return self.base[3] if channel in self.off else self.switches

    def set_month_law(self, when: dt.date):
        """The law in force in the month starting ``when`` (and the baseline's,
        for a counterfactual run); returns the run's."""
        self.law = self.parameters.at(when)
        if self.base is not None:
            self.base_law = self.base[0].at(when)
        return self.law

    @property
    def behaviour(self):
        return self.values.behaviour

    @property
    def fitted(self):
        """The fitted compliance parameters (``behaviour_fitted.compliance_fitted``)."""
        return self.values.behaviour_fitted.compliance_fitted

    @classmethod
    def start_of(
        cls,
        pop: Population,
        parameters: ParameterSet,
        assumptions: AssumptionSet,
        rng: KeyedRandom,
        start: dt.date,
        shared: SharedRates,
        switches: Switches | None = None,
        law_date: dt.date | None = None,
        threads: int | None = None,
    ) -> State:
        """The families of ``pop`` as the dynamics start them. ``start``: the
        run's first month; ``law_date``: when the families' history begins
        (the first warm-up month; default ``start``): the starting state is
        set under the law in force then, so that it does not depend on a
        reform from ``start``."""
        values = assumptions.values()
        b = values.behaviour
        law = parameters.at(law_date or start)
        frame = Frame.of(pop, shared.width)
        people, record = incomes.initial(pop, frame, values, shared.median_earnings, start)
        assessment = knowledge.initial(pop, frame, people, record, b, law)
        life = lifestyle.initial(frame.n_units)
        arr = arrangements.initial(pop)
        state = cls(
            frame=frame,
            propensity=compliance.initial(frame, b, rng),
            children=children.initial(pop, rng, b.family, pop.date),
            people=people,
            tax_record=record,
            assessment=assessment,
            lifestyle=life,
            arrangements=arr,
            liabilities=liabilities.initial(frame),
            enforcement=enforcement.initial(frame.n),
            arrears=arrears.initial(frame.n),
            history=payments.initial(frame.n),
            households=households.initial(pop, frame, values, rng, parameters.at(pop.date)),
            parameters=parameters,
            values=values,
            effects=compliance.effects(b),
            rng=rng,
            start=start,
            shared=shared,
            law=law,
            switches=switches or Switches(),
            threads=threads,
        )
        family_based = np.flatnonzero(arr.arrangement == FAMILY_BASED)
        arr.family_based_weekly[family_based] = liabilities.family_based_weekly(
            family_based,
            frame,
            people,
            assessment,
            life,
            b.compliance.family_based_amount_ratio,
            law,
            threads,
            qualifying=state.children.qualifying,
        )
        return state

    def branch(self) -> State:
        """An independent copy (each process's arrays copied; the frame, the
        draws, the parameters and the steady rates, never changed, shared)."""
        return replace(
            self,
            propensity=self.propensity.copy(),
            children=self.children.copy(),
            people=self.people.copy(),
            tax_record=self.tax_record.copy(),
            assessment=self.assessment.copy(),
            lifestyle=self.lifestyle.copy(),
            arrangements=self.arrangements.copy(),
            liabilities=self.liabilities.copy(),
            enforcement=self.enforcement.copy(),
            arrears=self.arrears.copy(),
            history=self.history.copy(),
            households=self.households.copy(),
        )

    def use(
        self,
        parameters: ParameterSet,
        assumptions: AssumptionSet,
        switches: Switches | None,
        off: frozenset = frozenset(),
        base: tuple[ParameterSet, AssumptionSet, Switches] | None = None,
    ) -> None:
        """The law, behaviour and switches from now on (after a warm-up under
        others). ``off``: channels whose processes read ``base`` (the
        baseline's parameters, assumptions and switches) instead."""
        self.parameters = parameters
        self.values = assumptions.values()
        self.effects = compliance.effects(self.values.behaviour)
        self.switches = switches or Switches()
        self.off = frozenset(off)
        self.base = None
        if self.off:
            unknown = self.off - set(CHANNELS)
            if unknown or base is None:
                raise ValueError(f"channels off {sorted(unknown)} unknown or no baseline given")
            values = base[1].values()
            self.base = (base[0], values, compliance.effects(values.behaviour), base[2])
