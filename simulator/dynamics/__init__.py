"""Monthly case dynamics: incomes move, the CMS learns late, liabilities follow,
parents pay (or not), enforcement escalates and arrears build up.

:func:`simulate` moves every family of a population forward month by month,
all at once (numpy over families; the only Python loop is over months). The
package shows the flow:

- ``processes/``: one module per process, each owning its part of the state —
  ``incomes`` (jobs, pay, profits, partners; HMRC's record), ``knowledge`` (what
  the CMS assesses and when it learns of a change), ``lifestyle`` (the
  lifestyle ground, a reform), ``arrangements`` (applications, closures, moves
  between services), ``liabilities`` (the rules engine), ``compliance``
  (voluntary payment), ``payments`` (amounts, allocation, fees, history),
  ``enforcement`` (contact, deduction and liability orders, sanctions,
  recoveries), ``arrears`` (instalments, write-offs);
- ``month.py``: the order of the processes within a month, written once, and
  the events and flows that pass between them;
- ``state.py``: the state (each process's part) and the run's context;
  ``frame.py``: who the families and paying parents are; ``shared.py``: rates
  held from the whole population; ``timing.py``: months and hazards;
- ``runner.py``: the warm-up history, runs branching from it, chunks and
  worker processes (and a run refused past the months its population's
  entrants cover); ``reporting.py``: what a run reports, with
  ``population_series.py`` (the separated families month by month),
  ``poverty_series.py`` and ``hidden_series.py`` (hidden and diverted income).

The families who separate during the run (entrants, in the population after
the families at its date) are invisible until their month: their children
do not qualify before it (``processes/children.py``), so they cannot apply,
agree an arrangement or be counted.

Every behavioural number comes from the assumption register
(``simulator/inputs/register/behaviour*.yaml``); random draws are keyed to
(seed, process, paying-parent or family id, month), so a family's luck does not
depend on other families or on the scenario. Only aggregates are kept month by
month (memory does not grow with months x families) unless per-family records
are asked for.
"""

from simulator.dynamics.processes.enforcement import ENFORCEMENT_STAGES
from simulator.dynamics.reporting import SimulationResult
from simulator.dynamics.runner import Run, simulate, simulate_runs
from simulator.inputs.switches import Switches

__all__ = ["ENFORCEMENT_STAGES", "Run", "SimulationResult", "Switches", "simulate", "simulate_runs"]
