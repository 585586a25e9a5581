"""One household as the tax-benefit rules take it, for the test tables: a single
adult of 30, owning outright, with no income, unless a row says otherwise."""

from __future__ import annotations

import numpy as np

from simulator.rules.taxben import OWNER_OUTRIGHT, Households

#: Child slots of the one-household arrays.
CHILD_SLOTS = 5


def household(**kw) -> Households:
    """A one-row :class:`Households` with the defaults above, ``kw`` in their
    place (``child_ages``: a list of whole-year ages)."""
    base = dict(
        scottish=False,
        age_1=30,
        employment_income_1=0.0,
        self_employment_income_1=0.0,
        other_income_1=0.0,
        has_partner=False,
        age_2=-1,
        employment_income_2=0.0,
        self_employment_income_2=0.0,
        other_income_2=0.0,
        tenure=OWNER_OUTRIGHT,
        rent_monthly=0.0,
        eligible_rent_cap_monthly=np.inf,
        mortgage_interest_monthly=0.0,
        council_tax_annual=0.0,
        takes_up_benefits=True,
    )
    base.update(kw)
    ages = base.pop("child_ages", [])
    arrays = {k: np.array([v]) for k, v in base.items()}
    child_ages = np.full((1, CHILD_SLOTS), -1)
    child_ages[0, : len(ages)] = ages
    return Households(child_ages=child_ages, **arrays)
