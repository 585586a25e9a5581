"""The batch calculator behind ``cms-sim calc``: read cases from CSV, check
every value, run the rules engine, write results.

Input columns (optional ones default to 0; see README):

    case_id, gross_weekly_income, flat_rate_benefit, partner_also_paying_parent,
    relevant_other_children, care_nights                                 (required)
    nil_rate_person, default_rate, relevant_non_resident_children,
    unearned_income_annual, notional_assets, special_expenses_weekly,
    effective_date                                                       (optional)

``care_nights`` lists the qualifying children grouped by receiving parent:
groups separated by ``|``, children by ``,``, each value the nights a year the
child is expected to spend with the paying parent, e.g. ``0,104|52``.

Bad input never produces a traceback or a partial file: every problem is
collected (file line, case, column, what is wrong and how to fix it) and raised
together as :class:`CalcInputError`; output is written to a temporary file and
moved into place only when complete.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import SimulatorError
from simulator.inputs.parameters import SCHEME_START, ParameterSet
from simulator.reports.files import write_csv_atomic
from simulator.rules import (
    RATE_NAMES,
    Liability,
    MaintenanceCalculation,
    maintenance_calculation,
    maintenance_liability,
)

__all__ = [
    "COLUMNS",
    "CalcCases",
    "CalcInputError",
    "InputProblem",
    "calculate_cases",
    "cases_from_frame",
    "format_results",
    "read_cases",
    "write_csv_atomic",
]

MONEY, FLAG, COUNT, NIGHTS, DATE, TEXT = "money", "flag", "count", "nights", "date", "text"

#: column -> (kind, required, what it means)
COLUMNS: dict[str, tuple[str, bool, str]] = {
    "case_id": (TEXT, True, "an identifier for the case, unique in the file"),
    "gross_weekly_income": (MONEY, True, "£ a week, before the cap and before variations"),
    "flat_rate_benefit": (FLAG, True, "1 if a benefit triggers the flat rate, else 0"),
    "partner_also_paying_parent": (FLAG, True, "1 if the partner is also a paying parent"),
    "relevant_other_children": (COUNT, True, "children living with the paying parent"),
    "care_nights": (NIGHTS, True, "nights a year per child, e.g. 0,104|52"),
    "nil_rate_person": (FLAG, False, "1 for a prescribed nil-rate person (e.g. a prisoner)"),
    "default_rate": (FLAG, False, "1 for a default maintenance decision"),
    "relevant_non_resident_children": (COUNT, False, "children supported under another order"),
    "unearned_income_annual": (MONEY, False, "£ a year, for an additional-income variation"),
    "notional_assets": (MONEY, False, "£ of assets, for a notional-income variation"),
    "special_expenses_weekly": (MONEY, False, "£ a week, for a special-expenses variation"),
    "effective_date": (DATE, False, "YYYY-MM-DD; default: the rules in force today"),
}

#: Sanity limits on the shape of ``care_nights`` (no real case comes near).
MAX_RECEIVING_PARENTS = 20
MAX_CHILDREN_PER_RECEIVING_PARENT = 20
MAX_CHILDREN_COUNT = 50
NIGHTS_IN_YEAR = 365

_FIX = {
    MONEY: "give an amount in pounds such as 450 or 450.25",
    FLAG: "use 1 for yes or 0 for no",
    COUNT: "give a whole number of children, 0 or more",
    DATE: "write the date as YYYY-MM-DD, on or after 2012-12-10",
    NIGHTS: (
        "give nights a year per child, children separated by ',' and receiving parents by '|' "
        "(e.g. 0,104|52)"
    ),
}


@dataclass(frozen=True)
class InputProblem:
    line: int | None
    case_id: str | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.case_id:
            where.append(f"case '{self.case_id}'")
        if self.column:
            where.append(f"column '{self.column}'")
        return (", ".join(where) + ": " if where else "") + self.message


class CalcInputError(SimulatorError):
    """Input that cannot be calculated; lists every problem found."""

    def __init__(self, source: str, problems: list[InputProblem]):
        self.source = source
        self.problems = problems
        count = len(problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''} found; nothing was written"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class CalcCases:
    """Validated cases, as aligned arrays."""

    case_id: np.ndarray  # (n,) object
    line: np.ndarray  # (n,) file line of each case
    gross_weekly_income: np.ndarray
    flat_rate_benefit: np.ndarray
    partner_also_paying_parent: np.ndarray
    nil_rate_person: np.ndarray
    default_rate: np.ndarray
    relevant_other_children: np.ndarray
    relevant_non_resident_children: np.ndarray
    care_nights: np.ndarray  # (n, P, C), -1 where no child
    unearned_income_annual: np.ndarray
    notional_assets: np.ndarray
    special_expenses_weekly: np.ndarray
    effective_date: np.ndarray  # (n,) datetime64[D]

    def __len__(self) -> int:
        return self.case_id.shape[0]

    def select(self, index: np.ndarray) -> CalcCases:
        return CalcCases(**{k: v[index] for k, v in self.__dict__.items()})


# --------------------------------------------------------------------------- reading


def read_cases(path: str | Path, today: _dt.date | None = None) -> CalcCases:
    """Read and validate a calculator input CSV. Raises :class:`CalcInputError`."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise CalcInputError(name, [InputProblem(None, None, None, "file not found")])
    if path.is_dir():
        raise CalcInputError(
            name, [InputProblem(None, None, None, "this is a folder; give a CSV file")]
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CalcInputError(
            name, [InputProblem(None, None, None, "not a UTF-8 text file; save it as CSV (UTF-8)")]
        ) from None
    except OSError as exc:
        raise CalcInputError(
            name, [InputProblem(None, None, None, f"cannot be read ({exc.strerror})")]
        ) from None
    return cases_from_text(text, name, today)


def cases_from_text(text: str, source: str, today: _dt.date | None = None) -> CalcCases:
    """Parse CSV text (header + rows) into validated cases."""
    if not text.strip():
        raise CalcInputError(
            source,
            [
                InputProblem(
                    None,
                    None,
                    None,
                    "the file is empty; it needs a header row and one row per case",
                )
            ],
        )
    rows, lines = _csv_rows(text, source)
    header = [h.strip() for h in rows[0]] if rows else []
    rows, lines = rows[1:], lines[1:]
    if len(header) > 1 and header[-1] == "" and "" not in header[:-1]:
        # a trailing comma on the header (a spreadsheet's export): an empty
        # last column, dropped with the empty last field of each row
        header = header[:-1]
        rows = [r[:-1] if len(r) == len(header) + 1 and not r[-1].strip() else r for r in rows]
    problems = _check_header(header)
    if problems:
        raise CalcInputError(source, problems)
    problems = _check_field_counts(rows, lines, len(header))
    if problems:
        raise CalcInputError(source, problems)
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame()
    lines = np.asarray(lines, dtype=np.int64)
    if frame.empty:
        raise CalcInputError(
            source,
            [InputProblem(None, None, None, "no cases: add one row per case below the header")],
        )
    return cases_from_frame(frame, source, lines, today)


def _csv_rows(text: str, source: str) -> tuple[list[list[str]], list[int]]:
    """The non-blank rows of CSV ``text`` and the line each starts on. Line
    endings may be LF, CRLF or CR alone (old Mac exports)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=False)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(field.strip() for field in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CalcInputError(
            source,
            [
                InputProblem(
                    reader.line_num or None,
                    None,
                    None,
                    f"not a well-formed CSV file ({exc}); save it again as CSV (UTF-8)",
                )
            ],
        ) from None
    return rows, lines


def _check_field_counts(rows: list[list[str]], lines: list[int], width: int) -> list[InputProblem]:
    """Every row has as many fields as the header: a row with more or fewer
    would put its values under the wrong columns."""
    problems = []
    for row, line in zip(rows, lines, strict=True):
        if len(row) == width:
            continue
        if len(row) > width:
            fix = (
                "remove the trailing comma (or add it to the header line too)"
                if len(row) == width + 1 and not row[-1].strip()
                else 'remove the extra field, quote a value that holds a comma ("1,5"), or add '
                "the column to the header"
            )
        else:
            fix = (
                "add the missing fields (commas for empty values) so each value is under its column"
            )
        problems.append(
            InputProblem(
                line,
                row[0].strip() or None,
                None,
                f"{len(row)} fields but the header has {width}; {fix}",
            )
        )
    return problems


def _check_header(header: list[str]) -> list[InputProblem]:
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append(InputProblem(1, None, name, "column appears twice; keep one"))
        seen.add(name)
    unknown = [f"'{h}'" if h else "(a blank name)" for h in header if h not in COLUMNS]
    if unknown:
        problems.append(
            InputProblem(
                1,
                None,
                None,
                f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: check the "
                f"spelling or remove {'them' if len(unknown) > 1 else 'it'}; the columns are "
                f"{', '.join(COLUMNS)}",
            )
        )
    for name, (_, required, meaning) in COLUMNS.items():
        if required and name not in seen:
            problems.append(InputProblem(1, None, name, f"required column is missing ({meaning})"))
    return problems


def cases_from_frame(
    frame: pd.DataFrame,
    source: str,
    lines: np.ndarray | None = None,
    today: _dt.date | None = None,
    column_names: Mapping[str, str] | None = None,
) -> CalcCases:
    """Validate a frame of text cells (one row per case). ``column_names`` maps
    column names to the names shown in messages (e.g. command-line flags)."""
    n = len(frame)
    lines = np.arange(n) + 2 if lines is None else np.asarray(lines)
    shown = dict(column_names or {})
    problems: list[InputProblem] = []
    cell = {
        c: frame[c].fillna("").astype(str).str.strip().to_numpy(dtype=object) for c in frame.columns
    }
    ids = cell.get("case_id", np.array([str(i + 1) for i in range(n)], dtype=object))

    def report(mask: np.ndarray, column: str, message) -> None:
        for i in np.flatnonzero(mask):
            text = message(i) if callable(message) else message
            line = int(lines[i]) if lines[i] > 0 else None  # 0: not from a file
            problems.append(InputProblem(line, ids[i] or None, shown.get(column, column), text))

    # case_id: present and unique
    if "case_id" in cell:
        report(ids == "", "case_id", "missing case_id; give each case an identifier")
        series = pd.Series(ids)
        duplicated = series.duplicated(keep="first").to_numpy() & (ids != "")
        first_line = dict(
            zip(series[~series.duplicated()], lines[~series.duplicated()], strict=True)
        )
        report(
            duplicated,
            "case_id",
            lambda i: f"case_id repeats the case on line {first_line[ids[i]]}; ids must be unique",
        )

    values: dict[str, np.ndarray] = {}
    for column, (kind, required, _) in COLUMNS.items():
        if kind in (TEXT, NIGHTS, DATE):
            continue
        raw = cell.get(column, np.full(n, "", dtype=object))
        values[column] = _numbers(raw, column, kind, required, report)

    nights = _care_nights(cell.get("care_nights", np.full(n, "", dtype=object)), report)
    dates = _dates(cell.get("effective_date", np.full(n, "", dtype=object)), today, report)

    if problems:
        problems.sort(
            key=lambda p: (p.line or 0, list(COLUMNS).index(p.column) if p.column in COLUMNS else 0)
        )
        raise CalcInputError(source, problems)
    return CalcCases(
        case_id=ids,
        line=lines,
        gross_weekly_income=values["gross_weekly_income"],
        flat_rate_benefit=values["flat_rate_benefit"].astype(bool),
        partner_also_paying_parent=values["partner_also_paying_parent"].astype(bool),
        nil_rate_person=values["nil_rate_person"].astype(bool),
        default_rate=values["default_rate"].astype(bool),
        relevant_other_children=values["relevant_other_children"].astype(np.int64),
        relevant_non_resident_children=values["relevant_non_resident_children"].astype(np.int64),
        care_nights=nights,
        unearned_income_annual=values["unearned_income_annual"],
        notional_assets=values["notional_assets"],
        special_expenses_weekly=values["special_expenses_weekly"],
        effective_date=dates,
    )


def _numbers(raw: np.ndarray, column: str, kind: str, required: bool, report) -> np.ndarray:
    empty = raw == ""
    if required:
        report(empty, column, f"missing value; {_FIX[kind]}")
    number = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
    bad = ~empty & ~np.isfinite(number)
    report(bad, column, lambda i: f"'{raw[i]}' is not a number; {_FIX[kind]}")
    ok = ~empty & ~bad
    if kind == MONEY:
        report(
            ok & (number < 0), column, lambda i: f"{raw[i]} is negative; amounts must be 0 or more"
        )
    elif kind == FLAG:
        report(
            ok & (number != 0) & (number != 1),
            column,
            lambda i: f"'{raw[i]}' is not 0 or 1; {_FIX[kind]}",
        )
    elif kind == COUNT:
        report(
            ok & ((number < 0) | (number != np.floor(number)) | (number > MAX_CHILDREN_COUNT)),
            column,
            lambda i: (
                f"'{raw[i]}' is not a whole number from 0 to {MAX_CHILDREN_COUNT}; {_FIX[kind]}"
            ),
        )
    return np.where(ok, number, 0.0)


_NIGHTS_PATTERN = re.compile(r"\s*\d+\s*(?:,\s*\d+\s*)*(?:\|\s*\d+\s*(?:,\s*\d+\s*)*)*")


def _parse_nights(text: str) -> list[list[int]] | str:
    """One ``care_nights`` cell as nights per child per receiving parent, or
    the reason it cannot be read."""
    if not text:
        return "missing value; list at least one qualifying child's nights, e.g. 0"
    if not _NIGHTS_PATTERN.fullmatch(text):
        return f"'{text}' is not a list of nights; {_FIX[NIGHTS]}"
    groups = [[int(x) for x in group.split(",")] for group in text.split("|")]
    if len(groups) > MAX_RECEIVING_PARENTS:
        return f"more than {MAX_RECEIVING_PARENTS} receiving parents; check the '|' separators"
    if max(len(g) for g in groups) > MAX_CHILDREN_PER_RECEIVING_PARENT:
        return (
            f"more than {MAX_CHILDREN_PER_RECEIVING_PARENT} children for one receiving "
            "parent; check the ',' separators"
        )
    if max(max(g) for g in groups) > NIGHTS_IN_YEAR:
        return (
            f"'{text}' has more than {NIGHTS_IN_YEAR} nights for a child; nights a year "
            "run from 0 to 365"
        )
    return groups


def _care_nights(raw: np.ndarray, report) -> np.ndarray:
    """(n, P, C) nights, -1 where there is no child. Each distinct text is
    parsed once (real files repeat a few patterns many times)."""
    codes, distinct = pd.factorize(pd.Series(raw, dtype=object), sort=False)
    parsed = [_parse_nights(text) for text in distinct]
    bad = np.array([isinstance(x, str) for x in parsed], dtype=bool)
    report(bad[codes], "care_nights", lambda i: parsed[codes[i]])
    good = [x if not isinstance(x, str) else [[0]] for x in parsed]
    width_p = max(len(g) for g in good)
    width_c = max(len(kids) for g in good for kids in g)
    table = np.full((len(good), width_p, width_c), -1, dtype=np.int64)
    for k, groups in enumerate(good):
        for j, kids in enumerate(groups):
            table[k, j, : len(kids)] = kids
    return table[codes]


def _dates(raw: np.ndarray, today: _dt.date | None, report) -> np.ndarray:
    default = np.datetime64(today or _dt.date.today(), "D")
    empty = raw == ""
    parsed = pd.to_datetime(pd.Series(raw), format="%Y-%m-%d", errors="coerce")
    bad = ~empty & parsed.isna().to_numpy()
    report(bad, "effective_date", lambda i: f"'{raw[i]}' is not a date; {_FIX[DATE]}")
    dates = np.where(empty | bad, default, parsed.to_numpy(dtype="datetime64[D]", na_value=default))
    early = ~bad & (dates < np.datetime64(SCHEME_START, "D"))
    report(
        early,
        "effective_date",
        lambda i: (
            f"{raw[i]} is before the 2012 scheme began (2012-12-10); the simulator "
            "does not model the 2003 scheme"
        ),
    )
    return dates.astype("datetime64[D]")


# --------------------------------------------------------------------------- calculating


def calculate_cases(
    cases: CalcCases, parameters: ParameterSet
) -> list[tuple[np.ndarray, Liability]]:
    """Run the rules engine, once per period of unchanged parameters.

    Returns ``[(index, calculation), ...]``: the case indices in each period
    and the vectorised calculation for them.
    """
    period = parameters.period_index(cases.effective_date)
    results = []
    for k in np.unique(period):
        index = np.flatnonzero(period == k)
        sub = cases.select(index)
        p = parameters.at(parameters.change_dates[k])
        results.append((index, calculate(sub, p, steps=False)))
    return results


def calculate(cases: CalcCases, p, steps: bool = True) -> MaintenanceCalculation | Liability:
    """The rules engine on validated cases, all under one Parameters snapshot;
    with every step of the calculation, or (``steps=False``) the liability only."""
    engine = maintenance_calculation if steps else maintenance_liability
    return engine(
        cases.gross_weekly_income,
        cases.care_nights,
        p,
        relevant_other_children=cases.relevant_other_children,
        relevant_non_resident_children=cases.relevant_non_resident_children,
        flat_rate_benefit=cases.flat_rate_benefit,
        partner_also_paying_parent=cases.partner_also_paying_parent,
        nil_rate_person=cases.nil_rate_person,
        default_rate=cases.default_rate,
        unearned_income_annual=cases.unearned_income_annual,
        notional_assets=cases.notional_assets,
        special_expenses_weekly=cases.special_expenses_weekly,
    )


def format_results(cases: CalcCases, parameters: ParameterSet) -> pd.DataFrame:
    """The output table of ``cms-sim calc``, one row per case, in input order."""
    n = len(cases)
    rate = np.empty(n, dtype=object)
    total = np.zeros(n)
    income_used = np.zeros(n)
    width = cases.care_nights.shape[1]
    by_parent = np.zeros((n, width))
    for index, calc in calculate_cases(cases, parameters):
        rate[index] = np.asarray(RATE_NAMES, dtype=object)[calc.rate]
        total[index] = calc.weekly_liability
        income_used[index] = calc.income_used_weekly
        by_parent[index] = calc.weekly_liability_by_receiving_parent
    receiving_parents = (cases.care_nights >= 0).any(axis=2).sum(axis=1)
    joined = pd.Series(_money(by_parent[:, 0]))
    for k in range(1, width):
        more = receiving_parents > k
        joined = joined.where(~more, joined + "|" + _money(by_parent[:, k]))
    return pd.DataFrame(
        {
            "case_id": cases.case_id,
            "rate": rate,
            "weekly_liability": _money(total),
            "weekly_liability_by_receiving_parent": joined.to_numpy(),
            "gross_weekly_income_used": _money(income_used),
            "qualifying_children": (cases.care_nights >= 0).sum(axis=(1, 2)),
            "receiving_parents": receiving_parents,
            "effective_date": cases.effective_date.astype(str),
        }
    )


def _money(values: np.ndarray) -> np.ndarray:
    """Pounds to two decimal places as text (values are already whole pence)."""
    pence = np.rint(np.asarray(values) * 100).astype(np.int64)
    pounds = (pence // 100).astype(str)
    cents = np.char.zfill((pence % 100).astype(str), 2)
    return np.char.add(np.char.add(pounds, "."), cents).astype(object)
