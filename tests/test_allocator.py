"""The allocator setting is for speed only: applied on glibc unless the user
has set glibc's own variables, and never an error."""

from __future__ import annotations

import platform

import pytest

from simulator.allocator import tune_allocator


def test_applied_on_glibc_and_a_plain_yes_or_no():
    applied = tune_allocator()
    assert isinstance(applied, bool)
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert applied


@pytest.mark.parametrize("variable", ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"])
def test_the_users_own_setting_wins(monkeypatch, variable):
    monkeypatch.setenv(variable, "131072")
    assert tune_allocator() is False


def test_workers_started_afresh_get_the_same_settings():
    """For a local Dask cluster's workers, which are not forked from a tuned
    process: glibc's own variables, with the values the tuning uses."""
    from simulator.allocator import MMAP_THRESHOLD_BYTES, TRIM_THRESHOLD_BYTES, environment

    settings = environment()
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert settings == {
            "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD_BYTES),
            "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD_BYTES),
        }
    else:
        assert settings == {}


def test_the_users_own_setting_wins_for_workers_too(monkeypatch):
    from simulator.allocator import environment

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert environment() == {}
