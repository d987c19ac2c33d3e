"""The one rule for tests that need something outside Python (Debian's Chromium):
outside CI a missing piece skips, with the reason; with CI set it is a failure."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True when the CI environment variable is set to anything but 0/false/no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(what: str, reason: str) -> None:
    """Skip the test for ``reason``, or fail it: with CI set, ``what`` must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so {what} must run)", pytrace=False)
    pytest.skip(reason)
