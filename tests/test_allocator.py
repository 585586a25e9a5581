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
