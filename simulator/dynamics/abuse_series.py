"""What survivors of domestic abuse ask about, month by month: the CMS cases
with abuse disclosed that are on Direct Pay (so the parents must deal with
each other to pay), those moved to Collect and Pay on request, the collection
fees paid in those cases and the enforcement actions taken in them.

Abuse is one flag per case in the model's data (``Population.domestic_abuse``:
the receiving parent has disclosed abuse by the paying parent, the share set
from the applicants' fee exemptions on abuse grounds), so the survivor is the
receiving parent: the 4% fee is what survivors pay. A paying parent who is a
survivor is not in the data (an application on abuse grounds may be made by
either parent, Child Support Collection (Domestic Abuse) Act 2023, s. 1); the
paying parent's 20% fee in the same cases is reported beside it as the
paying side of those cases, not as fees paid by survivors. New reporters
only: nothing here feeds back into the run."""

from __future__ import annotations

import numpy as np

from simulator.dynamics.month import MonthFlows
from simulator.dynamics.state import State
from simulator.population.frame import DIRECT_PAY

__all__ = ["ABUSE_SERIES", "ENFORCEMENT_ACTIONS", "NOT_ENFORCEMENT_ACTIONS", "monthly_abuse"]

#: The enforcement flows (dynamics/reporting.py ENFORCEMENT_FLOWS) that are
#: actions the CMS takes against a paying parent: orders, court applications
#: and referrals for a sanction.
ENFORCEMENT_ACTIONS = (
    "deo_made",
    "deo_reissued",
    "regular_deduction_order",
    "lump_sum_deduction_order",
    "liability_order_applied",
    "sanction_referred",
    "charging_order_applied",
)
#: The enforcement flows that are not counted as actions: the missed-payment
#: contact (a call or letter before enforcement), orders lapsing, a court's
#: grant or order (the application or referral is the action: a
#: disqualification or committal follows a sanction referral) and recoveries
#: (outcomes).
NOT_ENFORCEMENT_ACTIONS = (
    "contact",
    "deo_lapsed",
    "liability_order_granted",
    "sanction_paid",
    "driving_licence_disqualification",
    "passport_disqualification",
    "committal",
    "charging_order",
    "charging_order_repaid",
    "agents_recovered",
    "bank_order_recovered",
)

#: The monthly table's columns on domestic-abuse cases -> their meaning.
ABUSE_SERIES = {
    "domestic_abuse_cases_on_direct_pay": (
        "CMS cases with domestic abuse disclosed on Direct Pay (the parents must deal "
        "with each other to pay)"
    ),
    "domestic_abuse_cases_cms": "CMS cases with domestic abuse disclosed",
    "domestic_abuse_moves_to_collection_on_request": (
        "Direct Pay cases with domestic abuse disclosed moved to Collect and Pay on "
        "request (not on a reported breakdown)"
    ),
    "collection_fees_domestic_abuse_receiving_parents": (
        "collection fees taken from receiving parents in cases with domestic abuse disclosed (£)"
    ),
    "collection_fees_domestic_abuse_paying_parents": (
        "collection fees paid by paying parents in cases with domestic abuse disclosed (£)"
    ),
    "enforcement_actions_domestic_abuse_cases": (
        "enforcement actions (deduction orders, liability order applications, sanction "
        "referrals) in cases with domestic abuse disclosed"
    ),
}


def monthly_abuse(state: State, month: MonthFlows) -> dict[str, float]:
    """The month's :data:`ABUSE_SERIES` (GB, weighted) after the month."""
    w, index = state.frame.weight, month.index
    abuse = state.frame.domestic_abuse
    w_cms = w[index] * abuse[index]  # CMS families with abuse disclosed (0 for the others)
    direct = state.arrangements.service[index] == DIRECT_PAY
    moves = month.moves
    on_request = (
        float(np.multiply(w, abuse & moves.moved_on_request).sum()) if moves is not None else 0.0
    )
    actions = sum(
        month.masks[name].astype(float) for name in ENFORCEMENT_ACTIONS if name in month.masks
    )
    return {
        "domestic_abuse_cases_on_direct_pay": float(np.multiply(w_cms, direct).sum()),
        "domestic_abuse_cases_cms": float(w_cms.sum()),
        "domestic_abuse_moves_to_collection_on_request": on_request,
        "collection_fees_domestic_abuse_receiving_parents": float(
            np.multiply(w_cms, month.local["rp_fee"]).sum()
        ),
        "collection_fees_domestic_abuse_paying_parents": float(
            np.multiply(w_cms, month.local["paid_fee"]).sum()
        ),
        "enforcement_actions_domestic_abuse_cases": float(np.multiply(w_cms, actions).sum()),
    }
