"""The dashboard's levers are data shipped with the package
(``simulator/scenarios/levers.yaml``): every lever changes a parameter, an
assumption or a switch that exists, and a bad levers file is refused with the
file, line, lever and what is wrong."""

from __future__ import annotations

import pytest

from simulator.scenarios.levers import LeverError, load_levers, switch_summary

SHIPPED_KEYS = [
    "rp_fee", "pp_fee", "pp_fee_compliant", "application_fee", "application_fee_response",
    "direct_pay", "direct_pay_migrated", "lifestyle", "lifestyle_detection",
    "lifestyle_share", "rti", "deo_reissue", "admin_lo", "deo_setup", "bank_orders", "agents",
    "charging_orders", "driving_licence", "passport", "admin_disqualification", "committal",
    "flat_rate", "cost_of_a_child_share",
    "basic_1", "basic_2", "basic_3", "cap",
    "shared_care_1", "shared_care_2", "shared_care_3", "shared_care_4",
    "da_without_consent", "da_request", "da_fee_waiver",
    "data_matching", "data_matching_detection",
    "diversion_applications",
]  # fmt: skip


def test_the_shipped_levers_in_their_order():
    levers = load_levers()
    assert [lever.key for lever in levers] == SHIPPED_KEYS
    fee = levers[0]
    assert (fee.kind, fee.target, fee.minimum, fee.maximum, fee.step, fee.scale, fee.unit) == (
        "parameter", "fees.collection.receiving_parent_rate", 0, 20, 0.5, 100, "%",
    )  # fmt: skip
    assert [lever.index for lever in levers if lever.key.startswith("basic_")] == [0, 1, 2]
    assert (
        switch_summary("rti_reassessment") == "pay changes are picked up from monthly payroll data"
    )


FLAT = "parameter: rates.flat_rate.amount\n  help: The flat rate."
BAD = [
    # (case, lever as written, what the message says)
    ("an unknown field", f"label: X\n  {FLAT}\n  colour: red", "colour"),
    ("no target", "label: X", "exactly one of parameter, assumption, switch or derived"),
    ("two targets", f"label: X\n  {FLAT}\n  switch: rti_reassessment", "exactly one"),
    (
        "a parameter that does not exist",
        "label: X\n  parameter: rates.flat_rate.amont",
        "no parameter 'rates.flat_rate.amont'",
    ),
    ("an assumption that does not exist", "label: X\n  assumption: behaviour.x", "no assumption"),
    ("a switch that does not exist", "label: X\n  switch: teleport", "no switch 'teleport'"),
    ("no label", FLAT, "needs a label"),
    ("a range of words", f"label: X\n  {FLAT}\n  range: [low, high]", "numbers"),
    ("a range of one value", f"label: X\n  {FLAT}\n  range: [3]", "[lowest, highest]"),
    (
        "a negative index",
        "label: X\n  parameter: rates.basic_rate.percentages\n  help: h\n  index: -1",
        "index",
    ),
    ("a derivation that does not exist", "label: X\n  derived: guess", "no derived 'guess'"),
    ("no explanation", "label: X\n  parameter: rates.flat_rate.amount", "needs help"),
    (
        "an explanation of a paragraph",
        "label: X\n  parameter: rates.flat_rate.amount\n  help: " + "word " * 60,
        "one-line explanation: at most 240 characters",
    ),
]


@pytest.mark.parametrize("body, message", [r[1:] for r in BAD], ids=[r[0] for r in BAD])
def test_a_bad_levers_file_is_refused_with_where_and_why(tmp_path, body, message):
    path = tmp_path / "levers.yaml"
    path.write_text(f"# a comment\nbad:\n  {body}\n")
    with pytest.raises(LeverError) as error:
        load_levers(path)
    text = str(error.value)
    assert "levers.yaml, line 2: lever 'bad'" in text
    assert message in text
