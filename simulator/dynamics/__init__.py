"""Monthly case dynamics: incomes move, the CMS learns late, liabilities follow,
parents pay (or not), enforcement escalates and arrears build up."""

from simulator.dynamics.model import (
    ENFORCEMENT_STAGES,
    Run,
    SimulationResult,
    simulate,
    simulate_runs,
)
from simulator.inputs.switches import Switches

__all__ = ["ENFORCEMENT_STAGES", "Run", "SimulationResult", "Switches", "simulate", "simulate_runs"]
