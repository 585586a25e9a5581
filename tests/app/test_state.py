"""The dashboard's state follows the person (Streamlit's AppTest): every choice
made in the sidebar stays made after Run and is what the page shows; the URL
is read once, on a session's first run, and written after every run, so a
link reproduces the view (links of earlier versions too); only the open tab
is drawn, and the tab is in the link.

Most runs here ask for one replication (``replications=1``): the state, not
the ranges, is under test, and one replication keeps each run short.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.url import choice, date_between, flag, members, number, text
from simulator.scenarios.levers import shipped_scenarios
from tests.app.test_app import fresh

NAMES = {key: s.name for key, s in shipped_scenarios().items()}
BASELINE = NAMES["baseline"]
QUICK = {"replications": "1"}


def headings(app: AppTest) -> list[str]:
    """The scenarios the headline shows, in order."""
    return [m.value.removeprefix("#### ") for m in app.markdown if m.value.startswith("#### ")]


def url(app: AppTest) -> dict[str, str]:
    return {k: app.query_params[k] for k in app.query_params}


def shown_values(app: AppTest) -> tuple[str, ...]:
    """Every headline tile's value and change: what the page says."""
    return tuple(f"{m.label}={m.value}/{m.delta}" for m in app.metric)


def run(app: AppTest) -> AppTest:
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception, app.exception
    return app


# ------------------------------------------------------------- four choices
CHOICES = [
    "single-collection-service",
    "stronger-enforcement",
    "scrap-collection-fees",
    "hmrc-data-matching",
]


def test_four_successive_choices_each_show_in_the_headline_and_the_url():
    """The issue's sequence: changes 2 and 4 reverted after Run, the old
    results still on screen. Each choice must be the one shown."""
    app = fresh(QUICK)
    assert headings(app) == [BASELINE]  # a link without scenarios shows none
    seen = {shown_values(app)}
    for key in CHOICES:
        app.sidebar.multiselect(key="scenarios").set_value([key])
        run(app)
        assert app.sidebar.multiselect(key="scenarios").value == [key]
        assert headings(app) == [BASELINE, NAMES[key]], key
        assert url(app) == {"scenarios": key, "replications": "1"}, key
        values = shown_values(app)
        assert values not in seen, f"{key}: the page still shows an earlier result"
        seen.add(values)


def test_the_stack_checkbox_toggled_again_and_again_is_followed():
    app = fresh({**QUICK, "scenarios": "stronger-enforcement,scrap-collection-fees"})
    two = [BASELINE, NAMES["stronger-enforcement"], NAMES["scrap-collection-fees"]]
    stacked = [BASELINE, f"{NAMES['stronger-enforcement']} + {NAMES['scrap-collection-fees']}"]
    assert headings(app) == two
    for on, expected in [(True, stacked), (False, two), (True, stacked), (False, two)]:
        app.sidebar.checkbox(key="stack").set_value(on)
        run(app)
        assert app.sidebar.checkbox(key="stack").value is on
        assert headings(app) == expected, on
        assert ("stack" in url(app)) is on


# ---------------------------------------------------------------- links
def test_a_custom_only_link_shows_only_the_custom_reform():
    app = fresh({**QUICK, "custom": "rp_fee=0"})
    assert headings(app) == [BASELINE, "Your reform"]
    assert app.sidebar.multiselect(key="scenarios").value == []
    assert app.sidebar.number_input(key="rp_fee").value == 0.0
    assert url(app) == {"scenarios": "", "custom": "rp_fee=0", "replications": "1"}


def test_clearing_the_shipped_scenarios_leaves_none_and_a_link_keeps_it_so():
    app = fresh()  # a first visit, no link: the default reform
    assert headings(app) == [BASELINE, NAMES["scrap-receiving-parent-fee"]]
    assert url(app) == {"scenarios": "scrap-receiving-parent-fee"}
    app.sidebar.multiselect(key="scenarios").set_value([])
    run(app)
    assert headings(app) == [BASELINE]
    assert any("Choose a reform" in i.value for i in app.info)
    assert url(app) == {"scenarios": ""}
    again = fresh(url(app))  # the link of the cleared view
    assert headings(again) == [BASELINE]


@pytest.mark.parametrize(
    "query, headline, written",
    [
        # today's links are the old format: scenarios, stack, custom, replications
        (
            {"scenarios": "stronger-enforcement,scrap-collection-fees", "stack": "1",
             "custom": "rp_fee=0,rti=1", "replications": "1"},
            [BASELINE, f"{NAMES['stronger-enforcement']} + {NAMES['scrap-collection-fees']}",
             "Your reform"],
            None,  # written back as it came
        ),
        # what is not a choice is dropped, the rest kept
        (
            {"scenarios": "nowhere,stronger-enforcement,stronger-enforcement",
             "custom": "rp_fee=abc,no_such_lever=3,pp_fee=10", "replications": "1",
             "tab": "nowhere"},
            [BASELINE, NAMES["stronger-enforcement"], "Your reform"],
            {"scenarios": "stronger-enforcement", "custom": "pp_fee=10", "replications": "1"},
        ),
        # a lever outside its range is moved to the end of the range
        (
            {"scenarios": "", "custom": "rp_fee=99", "replications": "1"},
            [BASELINE, "Your reform"],
            {"scenarios": "", "custom": "rp_fee=20", "replications": "1"},
        ),
    ],
    ids=["old format", "unknown names and bad numbers", "out of range"],
)  # fmt: skip
def test_a_link_gives_its_view_and_is_written_back(query, headline, written):
    app = fresh(query)
    assert headings(app) == headline
    assert not app.error
    assert url(app) == (query if written is None else written)


def test_a_link_with_replications_levers_a_name_a_period_and_a_tab():
    query = {
        "scenarios": "stronger-enforcement",
        "custom": "pp_fee=10",
        "name": "Lower fee for payers",
        "start": "2026-06-01",
        "months": "12",
        "replications": "2",
        "tab": "household",
    }
    app = fresh(query)
    assert app.sidebar.slider(key="replications").value == 2
    assert app.sidebar.number_input(key="pp_fee").value == 10.0
    assert app.sidebar.text_input(key="reform-name").value == "Lower fee for payers"
    assert app.sidebar.date_input(key="start").value == dt.date(2026, 6, 1)
    assert app.sidebar.number_input(key="months").value == 12
    # the household tab is the one drawn: its reforms are the link's, named
    assert app.selectbox(key="hh-reform").options == [
        NAMES["stronger-enforcement"],
        "Lower fee for payers",
    ]
    assert any("Current law" in t.value.columns for t in app.table) and not headings(app)
    assert url(app) == query


def test_only_the_open_tab_is_drawn_and_switching_keeps_the_choices():
    app = fresh({**QUICK, "scenarios": "stronger-enforcement"})
    household = [t for t in app.table if "Current law" in t.value.columns]
    assert headings(app) and not household
    app.session_state["tab"] = "Assumptions and sources"
    app.run()
    assert not app.exception
    assert not headings(app) and not app.metric
    assert any("Parameter" in d.value.columns for d in app.dataframe)
    assert url(app) == {**QUICK, "scenarios": "stronger-enforcement", "tab": "sources"}
    app.session_state["tab"] = "Compare reforms"
    app.run()
    assert headings(app) == [BASELINE, NAMES["stronger-enforcement"]]
    assert url(app) == {**QUICK, "scenarios": "stronger-enforcement"}


def test_a_sweep_in_the_link_is_kept_while_other_tabs_are_open():
    """``?sweep=`` binds the Sweeps tab's choice (key ``sweep-name``): it stays
    in the link while another tab is drawn, and comes back with its tab."""
    app = fresh({**QUICK, "tab": "sweeps", "sweep": "receiving-parent-fee"})
    assert app.session_state["sweep-name"] == "receiving-parent-fee"
    for tab, slug in [("Compare reforms", None), ("Sweeps", "sweeps")]:
        app.session_state["tab"] = tab
        app.run()
        assert not app.exception
        expected = {**QUICK, "scenarios": "", "sweep": "receiving-parent-fee"}
        assert url(app) == (expected if slug is None else {**expected, "tab": slug})


# --------------------------------------------------- name, period, upload
def test_the_custom_reform_is_named_in_the_results_and_the_link():
    app = fresh({**QUICK, "scenarios": ""})
    app.sidebar.number_input(key="rp_fee").set_value(0.0)
    app.sidebar.text_input(key="reform-name").set_value("Keep all the maintenance")
    run(app)
    assert headings(app) == [BASELINE, "Keep all the maintenance"]
    assert url(app)["name"] == "Keep all the maintenance"


@pytest.mark.parametrize(
    "start, months, says, error",
    [
        ("2026-05-01", "12", "12 months from 2026-05-01", None),
        ("2026-05-01", "1", "24 months from 2026-05-01", "end before the first quarter end"),
    ],
    ids=["a shorter run", "a period that cannot run"],
)
def test_the_period_compared_applies_to_every_scenario(start, months, says, error):
    app = fresh({**QUICK, "scenarios": "stronger-enforcement", "start": start, "months": months})
    provenance = next(c.value for c in app.caption if "parameter hashes" in c.value)
    assert says in provenance
    assert headings(app) == [BASELINE, NAMES["stronger-enforcement"]]
    errors = [e.value for e in app.error]
    if error is None:
        assert not errors
    else:
        assert len(errors) == 1 and error in errors[0] and "current law's own" in errors[0]


def test_the_upload_box_states_the_real_limit():
    app = fresh(QUICK)
    box = app.sidebar.get("file_uploader")[0]
    assert "100 kB" in box.proto.label
    assert box.proto.max_upload_size_mb == 1  # Streamlit's smallest: whole megabytes


UPLOAD = (
    "name: x\ndescription: x\nauthor: x\nreference: x\nstart: 2026-05-01\nmonths: 24\n"
    "seed: 20260401\nchanges:\n"
)


@pytest.mark.parametrize(
    "change, problem",
    [
        ("  - parameter: fees.collection.receiving_parent_rat\n    from: 2026-05-01\n"
         "    value: 0\n", "unknown parameter"),
        ("  - parameter: fees.collection.receiving_parent_rate\n    from: 2026-05-01\n"
         "    value: 7\n", "above the valid maximum"),
        ("  - assumption: behaviour.nope\n    value: 7\n", "unknown assumption"),
    ],
    ids=["unknown parameter", "out of range", "unknown assumption"],
)  # fmt: skip
def test_an_upload_naming_an_unknown_value_points_to_the_sources_tab(change, problem):
    app = fresh(QUICK)
    upload = ("x.yaml", (UPLOAD + change).encode(), "text/yaml")
    app.sidebar.get("file_uploader")[0].set_value(upload)
    run(app)
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and problem in errors[0]
    # the command line's advice, in the page's words
    assert '"Assumptions and sources" tab' in errors[0]
    assert "cms-sim" not in errors[0] and "register/" not in errors[0]


# ------------------------------------------------------------------ codecs
LEVERS = ["rp_fee", "pp_fee"]


@pytest.mark.parametrize(
    "codec, given, read, written",
    [
        (flag(), "1", True, "1"),
        (flag(), "0", False, "0"),
        (flag(), "yes", None, None),
        (number(0, 20), "4.5", 4.5, "4.5"),
        (number(0, 20), "99", 20, "20"),
        (number(0, 20), "nan", None, None),
        (number(1, 10, whole=True), "2.6", 3, "3"),
        (number(1, 10, whole=True), "-3", 1, "1"),
        (members(lambda: LEVERS), "pp_fee,x,pp_fee,rp_fee", ["pp_fee", "rp_fee"],
         "pp_fee,rp_fee"),
        (members(lambda: LEVERS), "", [], ""),
        (choice({"household": "A household"}), "household", "A household", "household"),
        (choice({"household": "A household"}), "A household", None, None),
        (date_between(dt.date(2024, 4, 6), dt.date(2030, 12, 31)), "2027-02-03",
         dt.date(2027, 2, 3), "2027-02-03"),
        (date_between(dt.date(2024, 4, 6), dt.date(2030, 12, 31)), "1999-01-01",
         dt.date(2024, 4, 6), "2024-04-06"),
        (date_between(dt.date(2024, 4, 6), dt.date(2030, 12, 31)), "soon", None, None),
        (text(5), "  A long name ", "A lon", "A lon"),
        (text(5), "   ", None, None),
    ],
)  # fmt: skip
def test_a_url_value_is_read_with_validation_and_written_back(codec, given, read, written):
    assert codec.read(given) == read
    if read is not None:
        assert codec.write(read) == written


def test_a_sweep_the_dashboard_does_not_ship_is_ignored():
    app = fresh({**QUICK, "tab": "sweeps", "sweep": "../../etc/passwd"})
    assert not app.exception and not app.error
    assert app.session_state["sweep-name"] != "../../etc/passwd"
    assert "sweep" not in url(app) or url(app)["sweep"] != "../../etc/passwd"
