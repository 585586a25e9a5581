"""Direct Pay as it is (issue 16, item 5), as tables: a Direct Pay month that
falls short breaks the arrangement, and while it stays on Direct Pay the paying
parent keeps only a share of the Direct Pay shift
(``behaviour.compliance.dp_broken_shift_retained``), so pays less; the
arrangement mends after the reliable months paid in full (the payment
history's table in test_arrears_and_payments.py); a broken case moves to
Collect and Pay only on a report (test_arrangements.py's moves table), and
some receiving parents never report (B10's 36%). The shortfall ledger is in
test_ledger.py."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.dynamics.processes import compliance
from simulator.inputs.assumptions import load_assumptions
from simulator.randomness import KeyedRandom

ASSUMPTIONS = load_assumptions()
N = 20_000  # identical families, so a share paying is a chance


def _share_paying(broken: bool, retained: float | None = None) -> tuple[float, float]:
    values = ASSUMPTIONS
    if retained is not None:
        values = values.with_overrides({"behaviour.compliance.dp_broken_shift_retained": retained})
    v = values.values()
    b, fitted = v.behaviour, v.behaviour_fitted.compliance_fitted
    no = np.zeros(N, dtype=bool)
    pay = compliance.voluntary_payment(
        fids=np.arange(N),
        candidates=~no,
        latent=np.zeros(N),
        cooperative=~no,
        broken=np.full(N, broken),
        self_employed=no,
        domestic_abuse=no,
        most_nights=np.zeros(N, dtype=int),
        annual_income=np.full(N, 30_000.0),
        due=np.full(N, 300.0),
        fee_due=np.zeros(N),
        fee_threat=no,
        contacted=no,
        lifestyle_applied=no,
        effect=compliance.effects(b),
        b=b,
        fitted=fitted,
        rng=KeyedRandom(20260401),
        t=3,
    )
    return float(pay.pays.mean()), float(pay.full.mean())


def test_a_broken_direct_pay_arrangement_pays_less_while_on_direct_pay():
    """Same families, same draws: the broken arrangement pays something and in
    full less often than the arrangement that holds."""
    some_intact, full_intact = _share_paying(broken=False)
    some_broken, full_broken = _share_paying(broken=True)
    assert some_broken < some_intact
    assert full_broken < full_intact


RETAINED = [
    # (case, share of the shift kept, broken pays as the intact arrangement?)
    ("all of the shift kept: a breakdown changes nothing (the model before issue 16)", 1.0, True),
    ("none kept: pays as a Collect and Pay payer of the same propensity", 0.0, False),
]  # fmt: skip


@pytest.mark.parametrize("retained, same", [r[1:] for r in RETAINED], ids=[r[0] for r in RETAINED])
def test_the_share_of_the_shift_kept_sets_how_much_less(retained, same):
    intact = _share_paying(broken=False, retained=retained)
    broken = _share_paying(broken=True, retained=retained)
    assert (broken == intact) == same
