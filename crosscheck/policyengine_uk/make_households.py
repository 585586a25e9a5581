"""Reference households for the PolicyEngine UK cross-check (run by hand).

    python crosscheck/policyengine_uk/make_households.py

Writes tests/fixtures/policyengine_uk/households.csv: 300 varied
households (lone parents and couples, 0-5 children, earnings from nothing to
£150,000, self-employment, England/Wales/Scotland, owners and renters, three
tax years), each in its nation's most populous Broad Rental Market Area
(Central Greater Manchester, Cardiff, Lothian), then 64 households at the
margins issue 14 named (:func:`margin_households`): families in Scotland with
children under 16 on Universal Credit, self-employed claimants below the
minimum income floor, single private renters under 35, and private renters in
named BRMAs across Great Britain, London included. Deterministic. Children
who are third or later, and eldest children, have ages of 0-5 or 11-17 only,
so that "born before 6 April 2017" is unambiguous from a whole-year age in
every tax year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "fixtures"
    / "policyengine_uk"
    / "households.csv"
)
SAFE_AGES = np.array([0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 16, 17])
EARNINGS = np.array(
    [
        0,
        0,
        6_000,
        12_000,
        18_000,
        25_000,
        32_000,
        45_000,
        58_000,
        65_000,
        75_000,
        90_000,
        110_000,
        150_000,
    ]
)


#: The BRMA PolicyEngine places a household in when none is given (its region's
#: most populous: England is given as the North West).
DEFAULT_AREA = {
    "england": "CENTRAL_GREATER_MANCHESTER",
    "wales": "CARDIFF",
    "scotland": "LOTHIAN",
}
NAMED_AREAS = [
    ("england", "BIRMINGHAM"),
    ("england", "CENTRAL_LONDON"),
    ("england", "INNER_NORTH_LONDON"),
    ("england", "OUTER_SOUTH_LONDON"),
    ("england", "BRISTOL"),
    ("england", "LEEDS"),
    ("england", "TYNESIDE"),
    ("england", "CAMBRIDGE"),
    ("england", "BRIGHTON_AND_HOVE"),
    ("wales", "CARDIFF"),
    ("wales", "SWANSEA"),
    ("wales", "NORTH_WEST_WALES"),
    ("scotland", "LOTHIAN"),
    ("scotland", "GREATER_GLASGOW"),
    ("scotland", "ABERDEEN_AND_SHIRE"),
    ("scotland", "HIGHLAND_AND_ISLANDS"),
]


def _row(i, year, country, area, tenure, rent, adult1, adult2, children):
    """A household row: adults are (age, employment, self-employment)."""
    return {
        "household_id": i,
        "fiscal_year": year,
        "country": country,
        "tenure": tenure,
        "rent_monthly": float(rent),
        "mortgage_interest_monthly": 450.0 if tenure == "owner_mortgage" else 0.0,
        "council_tax_annual": 1_200.0,
        "adult1_age": adult1[0],
        "adult1_employment_income": float(adult1[1]),
        "adult1_self_employment_income": float(adult1[2]),
        "adult2_age": adult2[0] if adult2 else "",
        "adult2_employment_income": float(adult2[1]) if adult2 else "",
        "adult2_self_employment_income": float(adult2[2]) if adult2 else "",
        "child_ages": ";".join(str(a) for a in children),
        "rental_area": area,
    }


def margin_households(start: int) -> list[dict]:
    """64 households at the margins (issue 14 item 3), ids from ``start + 1``.

    Couples put the elder adult first (PolicyEngine's responsible carer is the
    elder of two claimants working the same hours; the simulator's is adult 1).
    Self-employed partners earn nothing else, so the joint-claimant rule of
    UC Regs reg. 62(3) (not modelled) changes nothing."""
    rng = np.random.default_rng(20261202)
    rows = []
    years = (2024, 2025, 2026)
    scottish = [a for c, a in NAMED_AREAS if c == "scotland"]
    # 16 families in Scotland with children under 16, on Universal Credit
    for k in range(16):
        couple = k % 3 == 0
        children = sorted(rng.choice(SAFE_AGES[:-2], size=1 + k % 4).tolist(), reverse=True)
        tenure = ("social_rent", "private_rent", "owner_mortgage", "private_rent")[k % 4]
        rent = {"social_rent": 450, "private_rent": 800}.get(tenure, 0)
        earnings = float(rng.choice([0, 6_000, 12_000, 18_000]))
        rows.append(
            _row(
                start + len(rows) + 1,
                years[k % 3],
                "scotland",
                scottish[k % len(scottish)],
                tenure,
                rent,
                (int(rng.integers(24, 50)), earnings, 0.0),
                (20, 0.0, 0.0) if couple else None,
                children,
            )
        )
    # 16 self-employed claimants with profits below the minimum income floor
    for k in range(16):
        country, area = NAMED_AREAS[(3 * k) % len(NAMED_AREAS)]
        profit = float(rng.choice([0, 2_000, 5_000, 9_000, 14_000]))
        kind = k % 4
        if kind == 0:  # single, no children (19-20 take the 18-20 rate)
            adult1, adult2, children = ((19, 20, 30, 45)[k // 4], 0.0, profit), None, []
        elif kind == 1:  # lone parent, youngest 13+ (35 hours) or 5-12 (reduced hours)
            adult1, adult2 = (int(rng.integers(30, 50)), 0.0, profit), None
            children = [(14, 15, 11, 12)[k // 4]] + ([] if k // 4 < 2 else [(5, 13)[k // 4 - 2]])
        elif kind == 2:  # lone parent of a child under 3: no floor
            adult1, adult2, children = (int(rng.integers(22, 40)), 0.0, profit), None, [2]
        else:  # couple: the elder self-employed, the partner not working
            adult1, adult2, children = (45, 0.0, profit), (30, 0.0, 0.0), [(0, 14, 4, 11)[k // 4]]
        rows.append(
            _row(
                start + len(rows) + 1,
                years[k % 3],
                country,
                area,
                "private_rent" if k % 2 else "social_rent",
                (650, 900)[k % 2],
                adult1,
                adult2,
                children,
            )
        )
    # 16 single private renters without children, most under 35
    for k in range(16):
        country, area = NAMED_AREAS[(5 * k + 1) % len(NAMED_AREAS)]
        age = (19, 22, 24, 25, 28, 31, 34, 35)[k % 8]
        rows.append(
            _row(
                start + len(rows) + 1,
                years[k % 3],
                country,
                area,
                "private_rent",
                float(rng.choice([450, 600, 750, 950, 1_300])),
                (age, float(rng.choice([0, 6_000, 12_000, 20_000])), 0.0),
                None,
                [],
            )
        )
    # 16 families renting privately in named BRMAs (London benefit cap included)
    for k in range(16):
        country, area = NAMED_AREAS[k]
        couple = k % 2 == 1
        children = sorted(rng.choice(SAFE_AGES, size=1 + k % 5).tolist(), reverse=True)
        rows.append(
            _row(
                start + len(rows) + 1,
                years[k % 3],
                country,
                area,
                "private_rent",
                float(rng.choice([700, 950, 1_250, 1_700, 2_400])),
                (int(rng.integers(25, 55)), float(rng.choice([0, 8_000, 15_000, 24_000])), 0.0),
                (23, 0.0, 0.0) if couple else None,
                children,
            )
        )
    return rows


def main() -> None:
    rng = np.random.default_rng(20261122)
    rows = []
    for i in range(300):
        year = (2024, 2025, 2026)[i % 3]
        country = ("england", "england", "wales", "scotland")[rng.integers(4)]
        couple = rng.random() < 0.4
        children = int(rng.choice([0, 1, 2, 3, 4, 5], p=[0.1, 0.3, 0.3, 0.15, 0.1, 0.05]))
        ages = sorted(rng.choice(SAFE_AGES, size=children).tolist(), reverse=True)
        tenure = ("owner_outright", "owner_mortgage", "social_rent", "private_rent")[
            rng.integers(4)
        ]
        rent = 0.0
        if tenure == "social_rent":
            rent = float(rng.choice([380, 450, 520, 650, 900]))
        elif tenure == "private_rent":
            rent = float(rng.choice([450, 550, 650, 800, 1000, 1300]))
        self_employed = rng.random() < 0.2
        earnings = float(rng.choice(EARNINGS))
        partner = float(rng.choice(EARNINGS)) if couple else 0.0
        rows.append(
            {
                "household_id": i + 1,
                "fiscal_year": year,
                "country": country,
                "tenure": tenure,
                "rent_monthly": rent,
                "mortgage_interest_monthly": float(rng.choice([200, 450, 700]))
                if tenure == "owner_mortgage"
                else 0.0,
                "council_tax_annual": float(rng.choice([0, 0, 0, 1_200, 1_800])),
                "adult1_age": int(rng.integers(19, 60)),
                "adult1_employment_income": 0.0 if self_employed else earnings,
                "adult1_self_employment_income": earnings if self_employed else 0.0,
                "adult2_age": int(rng.integers(19, 60)) if couple else "",
                "adult2_employment_income": partner if couple else "",
                "adult2_self_employment_income": 0.0 if couple else "",
                "child_ages": ";".join(str(a) for a in ages),
            }
        )
        rows[-1]["rental_area"] = DEFAULT_AREA[country]
    rows += margin_households(len(rows))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(OUT, index=False)
    print(f"{len(rows)} households written to {OUT}")


if __name__ == "__main__":
    main()
