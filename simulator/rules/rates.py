"""The rates of child support maintenance: nil, flat, reduced, basic (with the
"basic plus" slice), relevant other children, relevant non-resident children
and the default rate. CSA 1991 Sch. 1 paras. 2-5A; SI 2012/2677 regs. 43-45, 49.

Glossary: *qualifying children* (QC) are the children the calculation is for;
*relevant other children* (ROC) live with the paying parent and get child
benefit there; *relevant non-resident children* (RNRC) are the paying parent's
other children supported under a court order or qualifying arrangement.
"""

from __future__ import annotations

import numpy as np

from simulator.inputs.parameters import Parameters

# Rate codes (int8 arrays); RATE_NAMES gives the labels used in outputs.
NIL, FLAT, REDUCED, BASIC, BASIC_PLUS, DEFAULT = range(6)
RATE_NAMES = ("nil", "flat", "reduced", "basic", "basic_plus", "default")


def children_index(number_of_children: np.ndarray, table_size: int) -> np.ndarray:
    """Index into a "1, 2, 3 or more children" table (0-based, capped at the last row)."""
    return np.clip(np.asarray(number_of_children), 1, table_size) - 1


def by_number_of_children(table: np.ndarray, number_of_children: np.ndarray) -> np.ndarray:
    """The entry of a "1, 2, 3 or more children" table for each case (the same
    entries as ``table[children_index(...)]``, in one pass)."""
    return np.asarray(table).take(np.asarray(number_of_children) - 1, mode="clip")


def income_after_relevant_other_children(
    gross_weekly_income: np.ndarray, relevant_other_children: np.ndarray, p: Parameters
) -> np.ndarray:
    """Gross weekly income treated as reduced by 11%, 14% or 16% for 1, 2, 3 or
    more relevant other children. CSA 1991, Sch. 1, para. 2(3) (as amended by
    SI 2012/2678 reg. 2). Applied after the cap and before the £800 split."""
    reductions = np.concatenate(([0.0], p.rates.relevant_other_children.reductions))
    reduction = reductions.take(np.asarray(relevant_other_children), mode="clip")
    return np.asarray(gross_weekly_income, dtype=float) * (1.0 - reduction)


def basic_rate_weekly(
    income_after_other_children: np.ndarray, children_for_rate: np.ndarray, p: Parameters
) -> np.ndarray:
    """Basic rate: 12/16/19% of income up to £800, plus 9/12/15% ("basic plus")
    of income above it, for 1, 2, 3 or more children. CSA 1991, Sch. 1, para. 2(1)-(2).
    ``income_after_other_children`` is capped and already reduced under para. 2(3)."""
    basic = p.rates.basic_rate
    income = np.asarray(income_after_other_children, dtype=float)
    below = np.minimum(income, basic.plus_threshold)
    above = np.maximum(income - basic.plus_threshold, 0.0)
    return below * by_number_of_children(basic.percentages, children_for_rate) + (
        above * by_number_of_children(basic.plus_percentages, children_for_rate)
    )


def reduced_rate_weekly(
    gross_weekly_income: np.ndarray,
    children_for_rate: np.ndarray,
    relevant_other_children: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """Reduced rate F + A x T: the flat rate plus T% of income above £100, T
    from the table by qualifying children (rows) and relevant other children
    (columns). CSA 1991, Sch. 1, para. 3; SI 2012/2677, reg. 43 (as substituted
    by SI 2013/1654 from 25 Nov 2013). Relevant other children pick the column;
    they do not reduce income at this rate."""
    table = p.rates.reduced_rate.percentages
    rows, columns = table.shape
    row = children_index(children_for_rate, rows)
    column = np.clip(np.asarray(relevant_other_children), 0, columns - 1)
    excess = np.asarray(gross_weekly_income, dtype=float) - p.rates.reduced_rate.lower_income_limit
    return p.rates.flat_rate.amount + np.maximum(excess, 0.0) * table.take(row * columns + column)


def flat_rate_weekly(half_rate: np.ndarray, p: Parameters) -> np.ndarray:
    """Flat rate (£7 a week whatever the number of children), or half of it where
    the paying parent's partner is also a paying parent and a benefit triggers it.
    CSA 1991, Sch. 1, para. 4(1)-(2); SI 2012/2677, reg. 44(3)."""
    flat = p.rates.flat_rate
    return flat.amount * np.where(np.asarray(half_rate, dtype=bool), flat.half_rate_fraction, 1.0)


def default_rate_weekly(qualifying_children: np.ndarray, p: Parameters) -> np.ndarray:
    """Default rate for 1, 2, 3 or more qualifying children, used when there is not
    enough information to calculate. CSA 1991, s. 12; SI 2012/2677, reg. 49(2).

    Open point (cms-rules.md §1.9, §8.2): the statutory £39/£51/£64 is used;
    gov.uk shows £38 for one child."""
    return by_number_of_children(p.rates.default_rate.amounts, qualifying_children)


def relevant_non_resident_children_weekly(
    amount_weekly: np.ndarray,
    qualifying_children: np.ndarray,
    relevant_non_resident_children: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """Basic or reduced rate where the paying parent has relevant non-resident
    children: worked out as if they were qualifying children too (the caller
    passes that total as ``children_for_rate``), then only the share
    QC / (QC + RNRC) is payable, and not less than the minimum amount.
    CSA 1991, Sch. 1, para. 5A.

    Open point (cms-rules.md §1.4, §8.4): para. 5A wording was not read; the
    minimum (£7, £5 before 25 Nov 2013) is applied after scaling and before
    apportionment and shared care."""
    qc = np.asarray(qualifying_children, dtype=float)
    rnrc = np.asarray(relevant_non_resident_children, dtype=float)
    amount = np.asarray(amount_weekly, dtype=float)
    scaled = np.maximum(
        amount * qc / (qc + rnrc), p.rates.relevant_non_resident_children.minimum_amount
    )
    return np.where(rnrc > 0, scaled, amount)


def rate_band(
    income_used_weekly: np.ndarray,
    gross_weekly_income: np.ndarray,
    flat_rate_benefit: np.ndarray,
    nil_rate_person: np.ndarray,
    default_rate: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """Which rate applies (codes NIL, FLAT, REDUCED, BASIC, BASIC_PLUS, DEFAULT).

    In order: a default decision (s. 12); a nil-rate person (para. 5(a), reg. 45);
    a flat-rate benefit, for the paying parent or partner (para. 4(1)(b)-(c),
    reg. 44), whatever the income; income below £7 (para. 5(b)); £100 or less:
    flat (para. 4(1)(a)); more than £100 and less than £200: reduced (para. 3);
    otherwise basic (para. 2), labelled basic_plus when the income used is
    above £800 (the CMS's name for the band, as on gov.uk).

    The band is chosen on the income used after the cap and variations, not on
    income reduced for relevant other children (para. 3(1)(b)).

    Nil by income needs both the varied and the unvaried income below £7: a
    variation that lowers income cannot take the liability below the flat rate
    (reg. 74, as mirrored in NI reg. 73(1A); documented choice — cms-rules.md §2.1).
    """
    income = np.asarray(income_used_weekly, dtype=float)
    actual = np.asarray(gross_weekly_income, dtype=float)
    nil_threshold = p.rates.nil_rate.income_threshold
    reduced = p.rates.reduced_rate
    # From the last test to the first, so that the first that holds wins.
    code = np.int8
    rate = np.where(income > p.rates.basic_rate.plus_threshold, code(BASIC_PLUS), code(BASIC))
    rate = np.where(income < reduced.upper_income_limit, code(REDUCED), rate)
    rate = np.where(income <= reduced.lower_income_limit, code(FLAT), rate)
    rate = np.where((income < nil_threshold) & (actual < nil_threshold), code(NIL), rate)
    rate = np.where(np.asarray(flat_rate_benefit, dtype=bool), code(FLAT), rate)
    rate = np.where(np.asarray(nil_rate_person, dtype=bool), code(NIL), rate)
    return np.where(np.asarray(default_rate, dtype=bool), code(DEFAULT), rate)
