"""A deliberately plain reference implementation of the 2012-scheme calculation,
one case at a time, in exact rational arithmetic, for differential tests.

It shares nothing with ``simulator.rules`` (no numpy, no parameter files: the
statutory values are written out below with their dates), so a vectorisation
or indexing mistake in the engine shows up as a disagreement. It follows the
same documented choices on the rule reference's open points (see the README).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F
from math import floor

NEW_VALUES = dt.date(2013, 11, 25)  # £7 flat rate and the SI 2013/1654 table
ASSETS_GROUND = dt.date(2018, 12, 13)  # notional income from assets (reg. 69A)
SCHEME_START = dt.date(2012, 12, 10)

OLD_TABLE = [
    [19, F("16.4"), F("15.6"), F("15.2")],
    [27, F("23.5"), F("22.5"), F("21.9")],
    [33, F("28.8"), F("27.7"), F("26.9")],
]
NEW_TABLE = [
    [17, F("14.1"), F("13.2"), F("12.4")],
    [25, F("21.2"), F("19.9"), F("18.9")],
    [31, F("26.4"), F("24.9"), F("23.8")],
]
BASIC = [12, 16, 19]  # per cent, Sch. 1 para. 2(1)
BASIC_PLUS = [9, 12, 15]  # per cent, para. 2(2)
ROC_REDUCTION = [0, 11, 14, 16]  # per cent, para. 2(3)
DEFAULT = [39, 51, 64]  # reg. 49


def _pence_half_up(x: F) -> int:
    return floor(x * 100 + F(1, 2))


def reference_calculation(
    *,
    gross_weekly_income,
    care_nights: list[list[int]],
    when: dt.date,
    flat_rate_benefit=False,
    partner_also_paying_parent=False,
    nil_rate_person=False,
    default_rate=False,
    relevant_other_children=0,
    relevant_non_resident_children=0,
    unearned_income_annual=0,
    notional_assets=0,
    special_expenses_weekly=0,
) -> tuple[str, int, list[int]]:
    """(rate, total in pence, pence per receiving parent)."""
    if when < SCHEME_START:
        raise ValueError("before the 2012 scheme")
    new = when >= NEW_VALUES
    flat = F(7) if new else F(5)
    floor_amount = flat  # para. 7(7), nil threshold, para. 5A minimum follow the flat rate
    counts = [len(group) for group in care_nights]
    qc = sum(counts)
    gwi = F(str(gross_weekly_income))

    def apportion(amount: F) -> list[F]:
        return [amount * c / qc for c in counts]

    if default_rate:
        rate, shares = "default", apportion(F(DEFAULT[min(qc, 3) - 1]))
    elif nil_rate_person:
        rate, shares = "nil", [F(0)] * len(counts)
    elif flat_rate_benefit:
        amount = flat / 2 if partner_also_paying_parent else flat
        shares = [
            F(0) if any(n >= 52 for n in group) else s
            for group, s in zip(care_nights, apportion(amount), strict=True)
        ]
        rate = "flat"
    else:
        additional = F(0)
        unearned = F(str(unearned_income_annual))
        if unearned >= 2500:
            additional += unearned * 7 / 365
        assets = F(str(notional_assets))
        if when >= ASSETS_GROUND and assets > 31250:
            additional += assets * F(8, 100) * 7 / 365
        expenses = F(str(special_expenses_weekly))
        expenses = expenses if expenses >= 10 else F(0)
        income = max(min(F(3000), gwi + additional - expenses), F(0))
        if income < floor_amount and gwi < floor_amount:
            rate, shares = "nil", [F(0)] * len(counts)
        elif income <= 100:
            rate, shares = "flat", apportion(flat)
        else:
            children = min(qc + relevant_non_resident_children, 3)
            roc = min(relevant_other_children, 3)
            if income < 200:
                table = NEW_TABLE if new else OLD_TABLE
                amount = flat + (income - 100) * table[children - 1][roc] / 100
                rate = "reduced"
            else:
                reduced_income = income * (100 - ROC_REDUCTION[roc]) / 100
                amount = (
                    min(reduced_income, F(800)) * BASIC[children - 1]
                    + max(reduced_income - 800, F(0)) * BASIC_PLUS[children - 1]
                ) / 100
                rate = "basic_plus" if income > 800 else "basic"
            if relevant_non_resident_children:
                amount = max(amount * qc / (qc + relevant_non_resident_children), floor_amount)
            shares = []
            for group, share in zip(care_nights, apportion(amount), strict=True):
                fractions = [
                    F(0)
                    if n < 52
                    else F(1, 7)
                    if n < 104
                    else F(2, 7)
                    if n < 156
                    else F(3, 7)
                    if n < 175
                    else F(1, 2)
                    for n in group
                ]
                top = sum(1 for n in group if n >= 175)
                shares.append(max(share * (1 - sum(fractions) / len(group)) - 7 * top, F(0)))
            shared = any(n >= 52 for group in care_nights for n in group)
            if shared and sum(shares) < floor_amount:
                shares = apportion(floor_amount)
    total = _pence_half_up(sum(shares))
    pence = [_pence_half_up(s) for s in shares]
    remainders = [s * 100 - p for s, p in zip(shares, pence, strict=True)]
    gap = total - sum(pence)
    order = (
        sorted(range(len(pence)), key=lambda j: (-remainders[j], j))
        if gap > 0
        else sorted(range(len(pence)), key=lambda j: (remainders[j], -j))
    )
    for j in order[: abs(gap)]:
        pence[j] += 1 if gap > 0 else -1
    return rate, total, pence
