"""Fuzzing the calculator's CSV reader: any text gives valid cases or the
project's clear error (CalcInputError), never another exception."""

from __future__ import annotations

import datetime as _dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.calculator.batch import COLUMNS, CalcInputError, cases_from_text

TODAY = _dt.date(2026, 5, 1)
#: Cells a hostile file might hold: numbers, blanks, huge and odd tokens.
CELLS = st.one_of(
    st.sampled_from(["0", "1", "450", "-3", "1e999", "nan", "", " ", "0,104|52", "2011-01-01"]),
    st.sampled_from(["2026-05-01", "9" * 5000, '"', '""', "\x00", "\r", "\n", "|", ",,", "é"]),
    st.text(max_size=12),
)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_texts(draw) -> str:
    names = draw(
        st.lists(st.sampled_from([*COLUMNS, "", "extra"]), min_size=1, max_size=8)
        | st.just(list(COLUMNS)[:6])
    )
    ending = draw(ENDINGS)
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=max(0, len(names) - 2), max_size=len(names) + 2),
            max_size=5,
        )
    )
    trailing = draw(st.sampled_from(["", ","]))
    lines = [",".join(names) + trailing] + [",".join(r) + trailing for r in rows]
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


FUZZ = settings(
    max_examples=150,
    deadline=5000,  # generous: a clear error or a result, each within seconds
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(csv_texts())
def test_shaped_csv_text_gives_cases_or_a_clear_error(text):
    _read(text)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_gives_cases_or_a_clear_error(text):
    _read(text)


def _read(text: str) -> None:
    try:
        cases = cases_from_text(text, "fuzz.csv", TODAY)
    except CalcInputError as exc:
        assert str(exc).startswith("fuzz.csv: ")
        return
    assert len(cases) >= 1
    assert cases.gross_weekly_income.shape == (len(cases),)
