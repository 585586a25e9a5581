"""Compliance: whether a paying parent who is not paying by deduction pays
this month, in full or in part.

A logit model: a lasting propensity per paying parent (a keyed normal draw,
drawn afresh now and then as circumstances change: :func:`renew`),
the fitted intercept (``behaviour_fitted``), the Direct Pay shift for parents
who chose to pay each other (a share of it only, while a broken Direct Pay
arrangement has not mended), and published effects converted to the logit
scale — self-employment, domestic abuse, frequent contact, the burden of
liability and fees over income, the threat of collection fees on Direct Pay,
missed-payment contact, a lifestyle decision (a reform). Given a payment, it
is in full with a probability from the same propensity, else a uniform part
around the published mean share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.timing import MONTHS_IN_YEAR
from simulator.randomness import KeyedRandom

__all__ = [
    "Propensity",
    "VoluntaryPayment",
    "effects",
    "initial",
    "lasting_latent",
    "logistic",
    "renew",
    "voluntary_payment",
]

#: Logits are clipped to this size before exponentiating (probabilities of
#: 1e-22 and 1 - 1e-22 are indistinguishable from 0 and 1 here).
LOGIT_LIMIT = 50.0


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -LOGIT_LIMIT, LOGIT_LIMIT)))


@dataclass
class Propensity(Arrays):
    """What stays with a paying parent (keyed draws): the lasting propensity
    to pay (per family, the paying parent's draw, renewed now and then) and
    whether deductions from their benefit collect (per paying parent: a
    deduction does not miss months at random)."""

    latent: np.ndarray  # (families,) standard normal
    benefit_deduction_effective: np.ndarray  # (units,) bool


def renew(prop: Propensity, frame: Frame, b, rng: KeyedRandom, t: int) -> None:
    """Each paying parent's propensity drawn afresh with the monthly
    probability ``propensity_renewal_monthly`` (from the same standard
    normal, so the spread of propensities stays as it starts)."""
    uids = frame.unit_ids
    renewed = rng.uniform("compliance_renewal", uids, t) < b.compliance.propensity_renewal_monthly
    fresh = rng.normal_where("compliance_latent_renewed", uids, renewed, t)
    prop.latent = np.where(renewed[frame.unit_of], fresh[frame.unit_of], prop.latent)


def lasting_latent(rng: KeyedRandom, unit_ids: np.ndarray, unit_of: np.ndarray) -> np.ndarray:
    """Each family's lasting propensity at the start (standard normal), its
    paying parent's keyed draw: the one the run starts from, and the one the
    initial arrears are allocated by."""
    return rng.normal("compliance_latent", unit_ids)[unit_of]


def initial(frame: Frame, b, rng: KeyedRandom) -> Propensity:
    return Propensity(
        latent=lasting_latent(rng, frame.unit_ids, frame.unit_of),
        benefit_deduction_effective=(
            rng.uniform("benefit_deduction_effective", frame.unit_ids)
            < b.compliance.benefit_deduction_payment_prob
        ),
    )


def effects(b) -> dict[str, float]:
    """Published effects on compliance as shifts on the logit scale, at the
    published Collect and Pay compliance level p (cp_paid_some_qtr): a
    relative effect m (self-employment, domestic abuse) shifts the logit by
    logit(m p) - logit(p); a percentage-point effect d (contact, fee threat,
    missed-payment contact) by logit(p + d) - logit(p); a slope s in points
    per point of burden by s / (p (1 - p))."""
    c = b.compliance
    p = c.cp_paid_some_qtr

    def logit(x: float) -> float:
        x = min(max(x, 1e-6), 1 - 1e-6)
        return float(np.log(x / (1 - x)))

    return {
        "self_employed": logit(c.selfemp_compliance_multiplier * p) - logit(p),
        "domestic_abuse": logit(c.da_compliance_multiplier * p) - logit(p),
        "contact": logit(p + c.contact_payment_gap_observed * c.contact_effect_causal_share)
        - logit(p),
        "fee_threat": logit(p + c.dp_compliance_effect_pp_fee_threat) - logit(p),
        "contact_response": logit(p + c.missed_payment_contact_response) - logit(p),
        "burden_slope": c.compliance_slope_above_threshold / (p * (1 - p)),
    }


@dataclass(frozen=True)
class VoluntaryPayment:
    """This month's voluntary payments of the CMS families worked on."""

    pays: np.ndarray  # bool, pays something
    full: np.ndarray  # bool, pays in full
    partial_share: np.ndarray  # share of what is due paid, where paying in part


def voluntary_payment(
    *,
    fids: np.ndarray,
    candidates: np.ndarray,
    latent: np.ndarray,
    cooperative: np.ndarray,
    broken: np.ndarray,
    self_employed: np.ndarray,
    domestic_abuse: np.ndarray,
    most_nights: np.ndarray,
    annual_income: np.ndarray,
    due: np.ndarray,
    fee_due: np.ndarray,
    fee_threat: np.ndarray,
    contacted: np.ndarray,
    lifestyle_applied: np.ndarray,
    effect: dict[str, float],
    b,
    fitted,
    rng: KeyedRandom,
    t: int,
) -> VoluntaryPayment:
    """Voluntary payment for ``candidates`` (families due to pay and not paying
    by deduction). ``annual_income``: gross earnings, or net household income
    where that is larger (for parents without earnings); ``fee_threat``: on
    Direct Pay while collection fees are charged; ``contacted``: at the
    missed-payment contact stage of enforcement; ``broken``: a Direct Pay
    arrangement that has broken down and not mended (the payment history's
    ``dp_breakdown``), which keeps only ``dp_broken_shift_retained`` of the
    Direct Pay shift while it stays on Direct Pay."""
    c = b.compliance
    # burden: liability plus fees over gross earnings, or over net household
    # income where that is larger (for parents without earnings)
    burden = (due + fee_due) * MONTHS_IN_YEAR / np.maximum(annual_income, 1.0)
    frequent_contact = most_nights >= c.contact_nights
    kept = np.where(broken, c.dp_broken_shift_retained, 1.0)
    shift = np.where(cooperative, fitted.direct_pay_shift * kept, 0.0)
    propensity = c.latent_sd * latent
    logit = (
        fitted.collect_and_pay_paying_logit
        + shift
        + propensity
        + effect["self_employed"] * self_employed
        + effect["domestic_abuse"] * domestic_abuse
        + effect["contact"] * frequent_contact
        + effect["burden_slope"] * np.maximum(burden - c.burden_threshold_gross, 0.0)
        + effect["fee_threat"] * fee_threat
        + effect["contact_response"] * contacted
        + b.reform.deemed_income_compliance_shift * lifestyle_applied
    )
    full_given = logistic(c.full_payment_logit + shift + propensity)
    pays = rng.uniform_where("pay", fids, candidates, t) < logistic(logit)
    full = pays & (rng.uniform_where("pay_full", fids, pays, t) < full_given)
    partial_share = np.clip(
        2 * c.partial_payment_mean * rng.uniform_where("pay_part", fids, pays & ~full, t),
        0.0,
        1.0,
    )
    return VoluntaryPayment(pays=pays, full=full, partial_share=partial_share)
