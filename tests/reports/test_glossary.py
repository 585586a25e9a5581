"""The glossary: every term the dashboard shows a reader is explained, in
plain sentences, with the figures of the law as the parameter files hold them."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.inputs.parameters import load_parameters
from simulator.reports.glossary import GLOSSARY, glossary_table, lookup, search
from simulator.reports.headline import DASHBOARD_HEADLINE

#: The words the headline tiles, the charts and the channels use.
SHOWN = [
    "BHC", "AHC", "Relative poverty", "Equivalised income", "Collect and Pay", "Direct Pay",
    "Family-based arrangement", "Receiving parent", "Paying parent", "Collection fees",
    "Arrears", "Liability", "Enforcement powers", "Deduction from earnings order",
    "Liability order", "Variation", "Flat rate", "Reduced rate", "Basic rate",
    "Basic plus rate", "Shared care", "Replication", "Range", "Synthetic population",
    "Channels", "Mechanical channel", "Compliance channel", "Service moves channel",
    "Enforcement channel", "Households channel", "Cost to government", "Winners and losers",
    "Income decile", "Current law", "Sensitivity analysis",
]  # fmt: skip


@pytest.mark.parametrize("word", SHOWN)
def test_each_word_the_dashboard_uses_is_explained(word):
    term = lookup(word)
    assert term is not None, word
    sentences = term.meaning.count(". ") + 1
    assert 1 <= sentences <= 3 and term.meaning.endswith("."), term.meaning
    assert "_" not in term.meaning


#: The words of each headline tile a reader may not know, and the term that
#: explains them (a tile added to DASHBOARD_HEADLINE must be added here).
HEADLINE_TERMS = {
    "children_in_relative_poverty_bhc": ("Relative poverty", "BHC"),
    "children_in_relative_poverty_ahc": ("Relative poverty", "AHC"),
    "maintenance_received_all_arrangements_annual_gbp": ("Child maintenance",),
    "collect_and_pay_paid_some_share": ("Collect and Pay",),
    "arrears_stock_end_gbp": ("Arrears",),
    "collection_fees_paying_parents_annual_gbp": ("Collection fees", "Paying parent"),
    "collection_fees_receiving_parents_annual_gbp": ("Collection fees", "Receiving parent"),
    "cost_to_government_annual_gbp": ("Cost to government",),
}


def test_every_headline_tile_is_explained_by_the_glossary():
    assert set(HEADLINE_TERMS) == {metric for metric, _, _ in DASHBOARD_HEADLINE}
    for metric, label, _ in DASHBOARD_HEADLINE:
        for word in HEADLINE_TERMS[metric]:
            assert lookup(word) is not None, (label, word)
    abbreviations = {w.strip("():") for _, label, _ in DASHBOARD_HEADLINE for w in label.split()}
    assert {"BHC", "AHC"} <= abbreviations


def test_legal_and_statistical_terms_have_a_source():
    legal = ("BHC", "AHC", "Relative poverty", "Liability order", "Collection fees", "Flat rate",
             "Basic rate", "Shared care", "Variation", "Income decile")  # fmt: skip
    for word in legal:
        assert lookup(word).source, word


def test_terms_and_abbreviations_are_unique():
    names = [t.term.lower() for t in GLOSSARY] + [t.short.lower() for t in GLOSSARY if t.short]
    assert len(names) == len(set(names))


LAW = load_parameters()
DAY = dt.date(2026, 5, 1)

#: Figures the glossary quotes, and the parameter each is (current law).
FIGURES = [
    ("Flat rate", "£7 a week", "rates.flat_rate.amount", 7),
    ("Flat rate", "£100 a", "rates.reduced_rate.lower_income_limit", 100),
    ("Reduced rate", "£200 a week", "rates.reduced_rate.upper_income_limit", 200),
    ("Nil rate", "below £7 a week", "rates.nil_rate.income_threshold", 7),
    ("Basic rate", "12%, 16% or 19%", "rates.basic_rate.percentages", (0.12, 0.16, 0.19)),
    ("Basic plus rate", "9%, 12% or 15%", "rates.basic_rate.plus_percentages", (0.09, 0.12, 0.15)),
    ("Basic plus rate", "above £800 a week", "rates.basic_rate.plus_threshold", 800),
    ("Gross weekly income", "£3,000 a week", "income.capped_amount", 3000),
    ("Collection fees", "20% on top", "fees.collection.paying_parent_rate", 0.2),
    ("Collection fees", "4% taken", "fees.collection.receiving_parent_rate", 0.04),
    ("Enforcement charges", "£50 for a deduction from earnings",
     "fees.enforcement.deduction_from_earnings_order", 50),
    ("Enforcement charges", "£300 for applying", "fees.enforcement.liability_order", 300),
    ("Shared care", "at least 52 nights", "shared_care.band_minimum_nights", 52),
]  # fmt: skip


@pytest.mark.parametrize("word, text, parameter, value", FIGURES)
def test_the_figures_quoted_are_current_law(word, text, parameter, value):
    assert text in lookup(word).meaning
    in_force = LAW[parameter].entry_at(DAY).value
    if isinstance(in_force, tuple) and not isinstance(value, tuple):
        in_force = in_force[0]
    assert in_force == pytest.approx(value)


def test_search_finds_words_in_names_and_meanings_and_the_table_is_sorted():
    assert [t.term for t in search("passport")] == ["Enforcement powers", "Court sanctions"]
    assert {t.short for t in search("housing costs")} >= {"BHC", "AHC"}
    assert len(search("")) == len(GLOSSARY)
    table = glossary_table()
    assert list(table.columns) == ["Term", "Meaning", "Source"]
    assert list(table.Term) == sorted(table.Term, key=str.lower)
    assert "Before housing costs (BHC)" in set(table.Term)
    assert glossary_table("no such word at all").empty
