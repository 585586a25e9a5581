"""Qualifying children by date (CSA 1991 s. 55; the Child Benefit terminal
dates): the share of children of each whole-year age on 1 April who are
still qualifying children, as a table worked out by hand from the months of
birth (each of the 12 equally likely) and the leaving ages."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.rules.qualifying_child import (
    leaving_age_shares,
    month_index,
    qualifies,
    qualifying_share_by_age,
)

APRIL = dt.date(2026, 4, 1)
STAY, MORE = 0.8, 0.1  # staying on after 16; of those, a year past 18

SHARES = [
    # (case, age on 1 April 2026, share qualifying)
    ("under 16: every child", 15, 1.0),
    ("16: turned 16 since September (8 of 12 months), or stayed on", 16,
     8 / 12 + 4 / 12 * STAY),
    ("17: only those who stayed on", 17, STAY),
    ("18: stayed on and turned 18 since September, or stay a year more", 18,
     STAY * (1 - MORE) * 8 / 12 + STAY * MORE),
    ("19: stay a year more and turned 19 since September", 19, STAY * MORE * 8 / 12),
]  # fmt: skip


@pytest.mark.parametrize("age, share", [r[1:] for r in SHARES], ids=[r[0] for r in SHARES])
def test_share_of_children_of_each_age_who_qualify_on_1_april(age, share):
    assert qualifying_share_by_age(APRIL, STAY, MORE)[age] == pytest.approx(share)


def test_the_leaving_age_shares_add_up():
    shares = leaving_age_shares(STAY, MORE)
    assert shares.sum() == pytest.approx(1.0)
    assert shares[0] == pytest.approx(1 - STAY)


def test_a_child_not_yet_born_does_not_qualify():
    later = month_index(dt.date(2026, 6, 1))
    assert not qualifies(np.array([later]), np.array([16]), month_index(APRIL))[0]
