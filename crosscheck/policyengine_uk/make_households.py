"""Reference households for the PolicyEngine UK cross-check (run by hand).

    python crosscheck/policyengine_uk/make_households.py

Writes tests/fixtures/policyengine_uk/households.csv: about 300 varied
households (lone parents and couples, 0-5 children, earnings from nothing to
£150,000, self-employment, England/Wales/Scotland, owners and renters, three
tax years). Deterministic. Children who are third or later, and eldest
children, have ages of 0-5 or 11-17 only, so that "born before 6 April 2017"
is unambiguous from a whole-year age in every tax year.
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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(OUT, index=False)
    print(f"{len(rows)} households written to {OUT}")


if __name__ == "__main__":
    main()
