"""Apportionment between several receiving parents. CSA 1991, Sch. 1, para. 6."""

from __future__ import annotations

import numpy as np


def apportion_by_children(amount_weekly: np.ndarray, children_by_receiving_parent: np.ndarray):
    """Split each case's weekly amount between its receiving parents in
    proportion to the number of qualifying children each cares for.

    CSA 1991, Sch. 1, para. 6 (also used for the flat rate, the shared-care
    floor of para. 7(7) and the default rate, SI 2012/2677 reg. 49(2)).

    Parameters
    ----------
    amount_weekly : (n_cases,) £ a week.
    children_by_receiving_parent : (n_receiving_parents, n_cases) counts,
        receiving parent first.

    Returns
    -------
    (n_receiving_parents, n_cases) £ a week, unrounded.
    """
    children = np.asarray(children_by_receiving_parent, dtype=float)
    total = children.sum(axis=0)
    # A case without children gets nothing (0 / 1) rather than 0 / 0.
    share = children / np.maximum(total, 1.0)
    return np.asarray(amount_weekly, dtype=float) * share
