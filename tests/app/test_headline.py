"""The compare page's headline as a briefing puts it, driven with AppTest:
for the default reform (three replications), the net change in children in
poverty beside those lifted out and pushed in, each with its range; the
sentence saying what drives it; every reform side by side, downloadable; no
"-0.0" and no fractional children on the page."""

from __future__ import annotations

import re

from tests.app.test_app import default_app, fresh

#: "-1,234 (-1,500 to -900)": a signed whole number of children and its range.
CHANGE_WITH_RANGE = re.compile(r"^([+-][\d,]+|0) \(([+-][\d,]+|0) to ([+-][\d,]+|0)\)$")
#: "1,234 (1,100 to 1,300)": a whole number of children and its range.
COUNT_WITH_RANGE = re.compile(r"^[\d,]+ \([\d,]+ to [\d,]+\)$")


def tables(app) -> list:
    return [t.value for t in app.table]


def test_the_headline_shows_net_change_lifted_out_and_pushed_in_with_ranges():
    app = default_app()
    briefing = next(t for t in tables(app) if "Pushed in" in t.columns)
    rows = briefing.set_index("Measure")
    for basis in ("BHC", "AHC"):
        row = rows.loc[f"Children in poverty, receiving households ({basis})"]
        assert CHANGE_WITH_RANGE.match(row["Change"]), row["Change"]
        assert COUNT_WITH_RANGE.match(row["Lifted out"]), row["Lifted out"]
        assert COUNT_WITH_RANGE.match(row["Pushed in"]), row["Pushed in"]
        # the receiving parent's fee is not the paying parent's money: no paying
        # household moves, in any replication (so no range), and no sign
        row = rows.loc[f"Children in poverty, paying parents' households ({basis})"]
        assert row.tolist() == ["0", "0", "0"]
    # scrapping the 4% fee hands receiving parents money: more reaches children
    money = rows.loc["Maintenance reaching children (all arrangements)", "Change"]
    assert re.match(r"^\+£[\d,]+\.\dm \(\+£[\d,]+\.\dm to \+£[\d,]+\.\dm\)$", money), money


def test_a_sentence_says_what_drives_the_reform():
    app = default_app()
    sentence = next(m.value for m in app.markdown if "the money reaching children" in m.value)
    assert sentence.startswith("Scrap the receiving parent")
    assert "children are in poverty after housing costs" in sentence
    assert re.search(r"\([\d,]+ lifted out, [\d,]+ pushed in\)", sentence)
    # with one reform its channels come with the run: the sentence names the largest
    assert "mostly mechanically" in sentence


def test_the_headline_changes_download():
    app = default_app()
    assert any(b.label == "Download the headline changes (CSV)" for b in app.get("download_button"))
    # one reform: its briefing is the table; no second copy side by side
    assert "The reforms side by side" not in [h.value for h in app.subheader]


def test_several_reforms_side_by_side():
    app = fresh({"scenarios": "single-collection-service,scrap-collection-fees"})
    assert "The reforms side by side" in [h.value for h in app.subheader]
    table = next(t for t in tables(app) if "Pushed in" not in t.columns)
    assert [c.split(" (")[0] for c in table.columns] == [
        "Measure",
        "Single collection service",
        "Scrap all collection fees",
    ]
    rows = table.set_index("Measure")
    pushed = rows.loc["Children pushed into poverty, receiving households (AHC)"]
    assert all(COUNT_WITH_RANGE.match(cell) for cell in pushed), pushed.tolist()
    # channels are not worked out with several reforms: the sentences from the numbers
    sentences = [m.value for m in app.markdown if "the money reaching children" in m.value]
    assert len(sentences) == 2 and not any("mostly" in s for s in sentences)


def test_no_minus_zero_and_no_fractional_children_on_the_page():
    app = default_app()
    shown = [m.value for m in app.metric] + [m.delta or "" for m in app.metric]
    shown += [c.value for c in app.caption]
    shown += [cell for t in tables(app) for cell in t.astype(str).to_numpy().ravel()]
    assert not [s for s in shown if re.search(r"-0(\.0+)?(?![\d.,])", s)]
    for m in app.metric:
        if "poverty" in m.label:  # whole children
            assert re.fullmatch(r"[\d,]+", m.value), m.value


def test_once_the_ranges_have_come_the_note_that_they_are_coming_has_gone():
    app = default_app()
    assert any("Min-max of 3 replications" in c.value for c in app.caption)
    assert not [i.value for i in app.info if "Working out the ranges" in i.value]
