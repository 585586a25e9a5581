"""Switches: structural reforms that are not a single statutory number."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Switches"]


@dataclass(frozen=True)
class Switches:
    """Structural reforms that are not a single statutory number (a scenario's
    ``switches``). All off is current practice."""

    #: Employees' pay changes reach the CMS from monthly real-time payroll data:
    #: no 25% threshold, no waiting for a report; processed after
    #: ``behaviour.reform.rti_processing_lag``.
    rti_reassessment: bool = False
    #: A deduction order that lapses on a job change is re-issued automatically
    #: on the new job (after ``behaviour.enforcement.deo_reestablish_delay_reform``).
    automatic_deo_reissue: bool = False
    #: The CMS disqualifies from driving and from holding a passport itself
    #: (Welfare Reform Act 2009 s. 51, not commenced): no court hearing, the
    #: decision after ``behaviour.enforcement.administrative_disqualification_delay``.
    administrative_disqualification: bool = False
    #: The CMS matches HMRC and DWP data to find self-employed profit missing
    #: from the HMRC figure; a case found (``behaviour.reform.data_matching_detection_annual``)
    #: has ``behaviour.reform.data_matching_share_of_gap`` of the gap added to its
    #: historic income once HMRC's figure is corrected (SI 2012/2677 regs. 35-36).
    hmrc_data_matching: bool = False

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
