"""Synthesis, last section: each CMS case's start date, domestic abuse, and
whether a Collect and Pay case is on the caseload for arrears only.

A share of CMS cases started in the last twelve months (uniformly within
them); the others started uniformly between the start of new 2012-scheme
cases and a year ago. Domestic abuse is disclosed at different rates for CMS
families and others. A share of Collect and Pay paying parents (all their
families together) have no ongoing liability and are on the caseload only
while their arrears are collected.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator.randomness import KeyedRandom

__all__ = ["NEW_CASES_FROM", "RECENT_DAYS", "draw_cases"]

#: New 2012-scheme cases could start from this date (SI 2013/2947).
NEW_CASES_FROM = dt.date(2013, 11, 25)
#: "Started in the last 12 months": within this many days of the population date.
RECENT_DAYS = 365


def draw_cases(
    rng: KeyedRandom,
    families: np.ndarray,
    is_cms: np.ndarray,
    case,
    date: dt.date,
    unit: np.ndarray,
    collect_and_pay: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each family's ``case_start`` (NaT outside the CMS; datetime64[D]),
    whether domestic abuse is disclosed, and whether it is an arrears-only
    case; ``case`` holds the case assumptions, ``unit`` each family's paying
    parent (the arrears-only draw is keyed to it), ``collect_and_pay`` the
    families on Collect and Pay."""
    recent = is_cms & rng.bernoulli("case_recent", families, case.recent_share)
    year_ago = date - dt.timedelta(days=RECENT_DAYS)
    span_old = max((year_ago - NEW_CASES_FROM).days, 1)
    u_start = rng.uniform("case_start", families)
    days_back = np.where(
        recent,
        np.floor(RECENT_DAYS * u_start),
        (date - year_ago).days + np.floor(span_old * u_start),
    )
    case_start = np.where(
        is_cms, np.datetime64(date, "D") - days_back.astype("timedelta64[D]"), np.datetime64("NaT")
    )
    domestic_abuse = rng.bernoulli(
        "domestic_abuse",
        families,
        np.where(is_cms, case.domestic_abuse_share_cms, case.domestic_abuse_share_other),
    )
    arrears_only = collect_and_pay & rng.bernoulli(
        "case_arrears_only", unit, case.collect_and_pay_arrears_only_share
    )
    return case_start.astype("datetime64[D]"), domestic_abuse, arrears_only
