"""One family past the liability: fees, what each household ends up with,
the poverty test with each household's own children, and the warnings when
figures do not hang together.

Each table row is a case (the form's fields), the service, and the figures
the rules give (hand-checked: 12% of £450 is £54.00; the paying parent's
fee is 20% of each day's £7.714..., £1.54 a day, £10.78 a week; the
receiving parent's 4% of £54.00 is £2.16).
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.calculator.household import NetIncome, comparison_table, household_outcome
from simulator.calculator.household_form import read_household_case
from simulator.inputs.parameters import load_parameters

PARAMETERS = load_parameters()
WHEN = dt.date(2026, 6, 1)
LINES = {"bhc": 400.0, "ahc": 350.0}


def net(bhc: float, housing: float = 0.0, scale=(1.0, 1.0), adults=1, ages=(), **parts):
    """A household with round figures (£ a week; the parts £ a year)."""
    weeks = 52
    return NetIncome(
        earnings_annual=parts.get("earnings", 0.0),
        income_tax_annual=0.0,
        national_insurance_annual=0.0,
        universal_credit_annual=parts.get("uc", 0.0),
        child_benefit_annual=0.0,
        scottish_child_payment_annual=0.0,
        warm_home_discount_annual=0.0,
        council_tax_annual=0.0,
        housing_costs_annual=housing * weeks,
        assumed_earnings_annual=0.0,
        bhc_weekly=bhc,
        ahc_weekly=bhc - housing,
        equivalence_bhc=scale[0],
        equivalence_ahc=scale[1],
        adults=adults,
        child_ages=ages,
        weeks_in_year=weeks,
    )


def outcome(income=450.0, nights="0", ages="6", collect=True, abuse=False, rp=None, pp=None):
    case = read_household_case(
        gross_weekly_income=income, care_nights=nights, child_ages=ages, effective_date=WHEN
    )
    return household_outcome(
        case.cases,
        PARAMETERS,
        rp or net(300.0, 100.0),
        pp or net(450.0, 120.0, earnings=450.0 * 365 / 7),
        LINES,
        collect_and_pay=collect,
        domestic_abuse=abuse,
    )


CASES = [
    # (case, kwargs, maintenance, paying parent's fee, receiving parent's fee, received, paid)
    ("Collect and Pay", {}, 54.00, 10.78, 2.16, 51.84, 64.78),
    ("Direct Pay: no fees", {"collect": False}, 54.00, 0.0, 0.0, 54.00, 54.00),
    (
        "abuse disclosed: no waiver in current law",
        {"abuse": True},
        54.00,
        10.78,
        2.16,
        51.84,
        64.78,
    ),
    # two receiving parents, a child each: £72 (16% of £450) split in two; a fee on
    # each £36 (20% of £5.142..., £1.03 a day, £7.21 a week), 4% of the first's
    ("two receiving parents", {"nights": "0|0", "ages": "6|9"}, 72.00, 14.42, 1.44, 34.56, 86.42),
    ("shared care, 1/7 off", {"nights": "52"}, 46.29, 9.24, 1.85, 44.44, 55.53),
]


@pytest.mark.parametrize(
    ("kwargs", "liability", "pp_fee", "rp_fee", "received", "paid"),
    [row[1:] for row in CASES],
    ids=[row[0] for row in CASES],
)
def test_fees_and_what_changes_hands(kwargs, liability, pp_fee, rp_fee, received, paid):
    r = outcome(**kwargs)
    assert r.weekly_liability == pytest.approx(liability)
    assert r.paying_parent_fee_weekly == pytest.approx(pp_fee)
    assert r.receiving_parent_fee_weekly == pytest.approx(rp_fee)
    assert r.received_weekly == pytest.approx(received)
    assert r.paid_weekly == pytest.approx(paid)
    # each household moves by exactly that, before and after housing costs
    assert r.receiving["bhc"]["after"] - r.receiving["bhc"]["before"] == pytest.approx(received)
    assert r.paying["ahc"]["before"] - r.paying["ahc"]["after"] == pytest.approx(paid)


def test_the_explanation_goes_on_past_the_liability_with_references():
    r = outcome()
    titles = [s.title for s in r.steps]
    assert titles[-5:] == [
        "Result",
        "Collection fees",
        "Net incomes before maintenance",
        "What each household ends up with",
        "Against the poverty line",
    ]
    fees = r.steps[titles.index("Collection fees")]
    assert {ref.title for ref in fees.references} >= {
        "SI 2014/612, regs. 6-7",
        "SI 2014/612, regs. 6 and 8",
    }
    assert any("£10.78 a week" in line for line in fees.lines)
    assert all(s.references for s in r.steps[-4:])


def test_the_paying_households_poverty_test_counts_its_other_children():
    # £380 after paying £64.78, over a scale of 1 (alone) or 1.2 (with a child under 14)
    alone = outcome(pp=net(444.78, scale=(1.0, 1.0)))
    with_child = outcome(pp=net(444.78, scale=(1.2, 1.2), ages=(3,)))
    assert alone.paying["bhc"]["equivalised"] == pytest.approx(380.0)
    assert with_child.paying["bhc"]["equivalised"] == pytest.approx(380.0 / 1.2)
    assert (alone.paying["bhc"]["poor"], with_child.paying["bhc"]["poor"]) == (True, True)
    line = outcome(pp=net(444.78 + 40, scale=(1.0, 1.0)))  # £420 > £400: not poor alone
    assert not line.paying["bhc"]["poor"]
    poverty = with_child.steps[-1]
    assert "1 adult, 1 child under 14" in poverty.lines[1]


def test_typed_net_income_above_earnings_and_benefits_is_warned_about():
    pp = net(450.0, 120.0, earnings=450.0 * 365 / 7).typed_in(900.0)
    r = outcome(pp=pp)
    assert pp.typed and pp.computed_bhc_weekly == 450.0 and pp.ahc_weekly == 780.0
    assert any("more than its earnings and benefits" in w for w in r.warnings)
    assert not outcome().warnings


def test_paying_more_than_the_household_has_is_warned_about():
    # the issue's case: £5,000 a week gross against a net income typed as £450
    pp = net(2_600.0, earnings=5_000 * 365 / 7).typed_in(450.0)
    r = outcome(income=5_000.0, ages="6,8,10", nights="0,0,0", pp=pp)
    assert r.paying["bhc"]["after"] < 0
    (warning,) = r.warnings
    assert f"-£{-r.paying['bhc']['after']:,.2f} a week" in warning


def test_the_comparison_table_is_short_and_says_a_week():
    r = outcome()
    table = comparison_table({"Current law": (r, net(300.0, 100.0), net(450.0, 120.0))})
    assert list(table.columns) == ["", "Current law"]
    assert table.loc[table[""] == "Maintenance", "Current law"].item() == "£54.00 a week"
    assert table["Current law"].str.contains("a week").all()
    assert table[""].str.len().max() <= 50
