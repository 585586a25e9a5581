"""A briefing to take away: a comparison's results as a short PDF for a reader
who will not open the dashboard.

It holds the scenarios and what each changes (the plain-English summaries of
:func:`simulator.scenarios.levers.describe`), the headline table (current law,
each reform's value, its change and the range of the change: the dashboard's
headline metrics, :data:`~simulator.reports.headline.DASHBOARD_HEADLINE`,
formatted as the dashboard formats them), charts of children in poverty and of
the money reaching children by scenario, the caveats, and the model stamp
(version, parameter hashes, seed, families, months, start) so that a figure
quoted from it can be traced to the run that made it.

The tables and lines are built by pure functions (:func:`headline_table`,
:func:`chart_rows`, :func:`caveats`, :func:`model_stamp`) and laid out by
:func:`briefing_pdf` with matplotlib (no display needed). The same results give
the same bytes: the PDF carries no creation time, and its date is the run's.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass

import pandas as pd

from simulator.reports.formatting import MISSING, format_change, format_metric, format_range
from simulator.reports.headline import DASHBOARD_HEADLINE

__all__ = [
    "BriefingResults",
    "briefing_pdf",
    "caveats",
    "chart_rows",
    "headline_table",
    "model_stamp",
]

#: A4 portrait, in inches (210 x 297 mm).
PAGE_SIZE = (8.27, 11.69)
#: Page margins as fractions of the page's width and height.
LEFT, TOP, BOTTOM = 0.09, 0.95, 0.06
#: The text's width as a fraction of the page's.
WIDTH = 1 - 2 * LEFT
#: Points per inch (the PDF's unit of length).
POINTS_PER_INCH = 72
#: A line's height as a multiple of its font size.
LINE_SPACING = 1.45
#: Characters of a line of body text at 9 points across the text's width.
CHARACTERS_PER_LINE = 100
#: Font sizes in points: title, headings, body text, tables and the stamp.
TITLE_SIZE, HEADING_SIZE, BODY_SIZE, TABLE_SIZE, SMALL_SIZE = 16, 12, 9, 8, 7
#: The headline table's columns and their shares of the text's width.
TABLE_COLUMNS = ("Result", "Current law", "Reform", "Change", "Range of the change")
COLUMN_WIDTHS = (0.29, 0.13, 0.13, 0.17, 0.28)
#: A chart's height, and the room left of it for its axis labels, as
#: fractions of the page's height and width.
CHART_HEIGHT, AXIS_ROOM = 0.26, 0.06
#: Lines of space below a chart, for its scenario names (up to two lines each).
CHART_GAP_LINES = 6
#: The metrics charted: children in poverty (before and after housing costs)
#: and the money reaching children (every arrangement).
POVERTY_METRICS = (
    ("children_in_relative_poverty_bhc", "Before housing costs"),
    ("children_in_relative_poverty_ahc", "After housing costs"),
)
MONEY_METRIC = "maintenance_received_all_arrangements_annual_gbp"
#: Text a matplotlib string treats specially (``$`` starts mathematics).
ESCAPES = {"$": r"\$"}
#: matplotlib settings of the PDF: fonts embedded as TrueType (Type 42), so
#: a reader can select and search the text.
PDF_SETTINGS = {"pdf.fonttype": 42}


@dataclass(frozen=True)
class BriefingResults:
    """What a briefing is made from: a comparison's ``metrics`` table (scenario,
    metric, value, low, high, unit, range) and ``run`` record, the scenarios'
    ``keys`` in order (the first is current law), their ``names`` and their
    plain-English ``summaries`` (key -> lines)."""

    metrics: pd.DataFrame
    run: dict
    keys: list[str]
    names: dict[str, str]
    summaries: dict[str, list[str]]

    @classmethod
    def from_dashboard(cls, results: dict) -> BriefingResults:
        """From the dict the dashboard's comparison returns."""
        return cls(*(results[k] for k in ("metrics", "run", "keys", "names", "summaries")))


def _row(metrics: pd.DataFrame, scenario: str, metric: str) -> pd.Series | None:
    rows = metrics[(metrics.scenario == scenario) & (metrics.metric == metric)]
    return rows.iloc[0] if len(rows) else None


def headline_table(metrics: pd.DataFrame, baseline: str, reform: str | None) -> pd.DataFrame:
    """The headline metrics of ``reform`` beside current law (``baseline``):
    :data:`TABLE_COLUMNS`, as the dashboard shows them (£m, %, children;
    changes signed, shares' changes in percentage points); the range of the
    change across replications, or a dash with one replication. With no
    reform: current law's values and their ranges."""
    rows = []
    for metric, label, kind in DASHBOARD_HEADLINE:
        base = _row(metrics, baseline, metric)
        if base is None:
            continue
        if reform is None:
            spread = format_range(base.low, base.high, kind) or MISSING
            rows.append((label, format_metric(base.value, kind), spread))
            continue
        level, change = _row(metrics, reform, metric), _row(metrics, reform, f"{metric}_change")
        if level is None or change is None:
            continue
        spread = format_range(change.low, change.high, kind, change=True) or MISSING
        rows.append(
            (
                label,
                format_metric(base.value, kind),
                format_metric(level.value, kind),
                format_change(change.value, kind),
                spread,
            )
        )
    columns = TABLE_COLUMNS if reform is not None else ("Result", "Current law", "Range")
    return pd.DataFrame(rows, columns=list(columns))


def chart_rows(metrics: pd.DataFrame, keys: list[str], names: dict[str, str]) -> pd.DataFrame:
    """The charts' data: scenario (its name), measure, value, low, high, for
    children in poverty (:data:`POVERTY_METRICS`) and the money reaching
    children (:data:`MONEY_METRIC`), in the scenarios' order."""
    wanted = [*POVERTY_METRICS, (MONEY_METRIC, "Money reaching children")]
    rows = []
    for key in keys:
        for metric, measure in wanted:
            row = _row(metrics, key, metric)
            if row is not None:
                rows.append((names[key], measure, metric, row.value, row.low, row.high))
    return pd.DataFrame(rows, columns=["scenario", "measure", "metric", "value", "low", "high"])


def caveats(run: dict) -> list[str]:
    """What a reader must know before quoting a figure: the population, the
    period, what the ranges are, and what the model leaves out."""
    replications = run["replications"]
    return [
        f"The figures come from a simulation of {run['population_size']:,} synthetic "
        "separated families, built to match published statistics and weighted up to "
        "Great Britain; they are not counts of real families.",
        f"Annual figures are for the last 12 months of a {run['months']}-month run from "
        f"{_date(run['start'])}. Every scenario is run on the same families with the same "
        "luck, so a difference between scenarios is the policy's effect.",
        f"Ranges: {run['range']}. "
        + (
            "With one replication no range is shown; more replications (new luck, and "
            "the uncertain behavioural assumptions moved within their ranges) give one."
            if replications == 1
            else "Each replication reruns every scenario with new luck and the uncertain "
            "behavioural assumptions moved within their ranges; a range is not a "
            "confidence interval for everything the model may get wrong."
        ),
        "Changes are the reform's value less current law's. Poverty is DWP's relative "
        "measure (below 60% of median household income, HBAI), before (BHC) and after "
        "(AHC) housing costs, for children in the receiving parent's household.",
    ]


def model_stamp(run: dict) -> list[str]:
    """The run's provenance: model version, population, seed, period,
    replications and each scenario's parameter hash."""
    digests = ", ".join(f"{k}: {v}" for k, v in run["parameter_digests"].items())
    return [
        f"Model version {run['model_version']}; run {run['created']}.",
        f"Population: {run['population_size']:,} synthetic families "
        f"({run['population']}), seed {run['population_seed']}.",
        f"{run['months']} months from {run['start']}; {run['replications']} replication(s).",
        f"Parameter hashes: {digests}.",
    ]


def _date(iso: str) -> str:
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def _plain(text: str) -> str:
    for character, escaped in ESCAPES.items():
        text = text.replace(character, escaped)
    return text


class _Pages:
    """Text, tables and charts placed down A4 pages, a new page when one is full."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.figure = None
        self.new_page()

    def new_page(self) -> None:
        from matplotlib.figure import Figure

        if self.figure is not None:
            self.pdf.savefig(self.figure)
        self.figure = Figure(figsize=PAGE_SIZE)
        self.y = TOP

    def _height(self, size: float) -> float:
        return size * LINE_SPACING / (PAGE_SIZE[1] * POINTS_PER_INCH)

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, text: str, size: float = BODY_SIZE, bold: bool = False, indent=0.0):
        width = int(CHARACTERS_PER_LINE * (1 - indent / WIDTH) * BODY_SIZE / size)
        for line in textwrap.wrap(text, width) or [""]:
            self.room(self._height(size))
            self.figure.text(
                LEFT + indent,
                self.y,
                _plain(line),
                size=size,
                weight="bold" if bold else "normal",
                va="top",
            )
            self.y -= self._height(size)

    def gap(self, size: float = BODY_SIZE) -> None:
        self.y -= self._height(size) / 2

    def table(self, frame: pd.DataFrame) -> None:
        height = (len(frame) + 1) * self._height(TABLE_SIZE) * 1.3
        self.room(height)
        axes = self.figure.add_axes((LEFT, self.y - height, WIDTH, height))
        axes.axis("off")
        widths = COLUMN_WIDTHS if len(frame.columns) == len(COLUMN_WIDTHS) else None
        table = axes.table(
            cellText=[[_plain(str(v)) for v in row] for row in frame.itertuples(index=False)],
            colLabels=list(frame.columns),
            colWidths=list(widths) if widths else None,
            cellLoc="left",
            bbox=(0, 0, 1, 1),
        )
        table.auto_set_font_size(False)
        table.set_fontsize(TABLE_SIZE)
        for (row, _column), cell in table.get_celld().items():
            cell.set_linewidth(0.3)
            if row == 0:
                cell.set_text_props(weight="bold")
        self.y -= height + self._height(BODY_SIZE)

    def chart(self):
        self.room(CHART_HEIGHT)
        axes = self.figure.add_axes(
            (LEFT + 0.06, self.y - CHART_HEIGHT, WIDTH - 0.06, CHART_HEIGHT)
        )
        self.y -= CHART_HEIGHT + CHART_GAP_LINES * self._height(BODY_SIZE)
        return axes

    def close(self) -> None:
        self.pdf.savefig(self.figure)


def _dot_chart(axes, rows: pd.DataFrame, title: str, kind: str) -> None:
    """Each scenario's value of each measure as a dot, its range as a line,
    labelled as the dashboard shows it."""
    from matplotlib.ticker import FuncFormatter

    scenarios = list(dict.fromkeys(rows.scenario))
    measures = list(dict.fromkeys(rows.measure))
    step = 0.8 / max(len(measures), 1)
    for i, measure in enumerate(measures):
        part = rows[rows.measure == measure].set_index("scenario").reindex(scenarios)
        places = [s + (i - (len(measures) - 1) / 2) * step for s in range(len(scenarios))]
        below = (part.value - part.low).clip(lower=0)
        above = (part.high - part.value).clip(lower=0)
        axes.errorbar(places, part.value, yerr=[below, above], fmt="o", capsize=4, label=measure)
        for x, value in zip(places, part.value, strict=True):
            axes.annotate(
                _plain(format_metric(value, kind)),
                (x, value),
                textcoords="offset points",
                xytext=(6, 0),
                va="center",
                size=TABLE_SIZE,
            )
    axes.set_xticks(range(len(scenarios)))
    axes.set_xticklabels([_plain(textwrap.fill(s, 22)) for s in scenarios], size=TABLE_SIZE)
    axes.set_xlim(-0.6, len(scenarios) - 0.4)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _plain(format_metric(v, kind))))
    axes.tick_params(axis="y", labelsize=TABLE_SIZE)
    axes.set_title(_plain(title), size=HEADING_SIZE - 2, loc="left")
    axes.grid(axis="y", linewidth=0.3)
    if len(measures) > 1:
        axes.legend(fontsize=TABLE_SIZE, frameon=False)


def briefing_pdf(results: BriefingResults) -> bytes:
    """The briefing as PDF bytes (A4): title and date, the scenarios and what
    each changes, the headline tables, the charts, the caveats and the model
    stamp. The same ``results`` give the same bytes."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    run, keys, names = results.run, results.keys, results.names
    reforms = keys[1:]
    title = "Child maintenance reform: " + (
        ", ".join(names[k] for k in reforms) if reforms else names[keys[0]]
    )
    metadata = {
        "Title": title,
        "Subject": f"Child maintenance reform simulator, model version {run['model_version']}",
        "Keywords": ", ".join(names[k] for k in keys),
        "Creator": "cms-sim",
        "CreationDate": None,
    }
    buffer = io.BytesIO()
    with matplotlib.rc_context(PDF_SETTINGS), PdfPages(buffer, metadata=metadata) as pdf:
        pages = _Pages(pdf)
        _lay_out(pages, results, title)
        pages.close()
    return buffer.getvalue()


def _lay_out(pages: _Pages, results: BriefingResults, title: str) -> None:
    """The briefing's content, page by page."""
    run, keys, names = results.run, results.keys, results.names
    reforms = keys[1:]
    pages.text(title, TITLE_SIZE, bold=True)
    pages.text(
        f"A briefing from the Child maintenance reform simulator, {_date(run['created'])}. "
        "Great Britain, Child Maintenance Service (2012 scheme).",
    )
    pages.gap()
    pages.text("The scenarios", HEADING_SIZE, bold=True)
    for key in keys:
        pages.text(names[key], bold=True)
        lines = ["Today's rules."] if key == keys[0] else results.summaries.get(key, [])
        for line in lines:
            pages.text(f"• {line}", indent=0.02)
    pages.gap()
    pages.text("The headline figures (a year, Great Britain)", HEADING_SIZE, bold=True)
    for reform in reforms or [None]:
        if reform is not None:
            pages.text(f"{names[reform]} against current law", bold=True)
        pages.table(headline_table(results.metrics, keys[0], reform))
    rows = chart_rows(results.metrics, keys, names)
    poverty = rows[rows.metric != MONEY_METRIC]
    money = rows[rows.metric == MONEY_METRIC]
    pages.new_page()
    if not poverty.empty:
        _dot_chart(pages.chart(), poverty, "Children in poverty, by scenario", "count")
    if not money.empty:
        _dot_chart(pages.chart(), money, "Money reaching children, a year, by scenario", "gbp")
    pages.text("Before quoting a figure", HEADING_SIZE, bold=True)
    for line in caveats(run):
        pages.text(f"• {line}", indent=0.02)
    pages.gap()
    pages.text("Model stamp", HEADING_SIZE, bold=True)
    for line in model_stamp(run):
        pages.text(line, SMALL_SIZE)
