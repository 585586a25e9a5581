"""Every metric the model reports has a plain name, and every unit is in words."""

import pytest

from simulator.outcomes.labels import metric_help, metric_label, unit_text
from simulator.outcomes.metrics import METRIC_UNITS

COMPARISON_ROWS = [
    "children_lifted_out_of_poverty_ahc",
    "children_pushed_into_poverty_bhc",
    "cost_to_government_per_child_lifted_out_of_poverty_ahc_gbp",
]


@pytest.mark.parametrize("metric", [*METRIC_UNITS, *COMPARISON_ROWS])
def test_every_metric_has_a_plain_name(metric):
    label = metric_label(metric)
    assert "_" not in label and label[0].isupper() and label != metric
    assert "_" not in metric_label(metric + "_change")


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        ("children_in_relative_poverty_ahc", "Children in poverty, receiving households (AHC)"),
        (
            "children_in_relative_poverty_ahc_change",
            "Change in children in poverty, receiving households (AHC)",
        ),
        ("collect_and_pay_paid_some_share", "Collect and Pay cases paying something in a quarter"),
        (
            "collect_and_pay_paid_some_share_change",
            "Change in Collect and Pay cases paying something in a quarter",
        ),
        ("a_metric_from_the_future", "A metric from the future"),
    ],
)
def test_metric_labels(metric, label):
    assert metric_label(metric) == label


def test_help_says_what_bhc_ahc_and_a_change_are():
    text = metric_help("children_in_relative_poverty_bhc_change")
    assert "before housing costs" in text and "60% of the median" in text
    assert "current law" in text


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        ("GBP a year", "£ a year"),
        ("currency-GBP", "£"),
        ("share", "%"),
        ("/1", "proportion"),
        ("children", "children"),
        ("months", "months"),
    ],
)
def test_units_in_words(unit, text):
    assert unit_text(unit) == text
