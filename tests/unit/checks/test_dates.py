"""Calendar-month arithmetic across month ends and leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.checks.dates import add_months, months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2023, 8, 31), 6, dt.date(2023, 2, 28)),
        (dt.date(2025, 6, 2), 6, dt.date(2024, 12, 2)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2025, 1, 15), 12, dt.date(2024, 1, 15)),
        (dt.date(2024, 7, 31), 5, dt.date(2024, 2, 29)),
    ],
)
def test_months_before_clamps_to_month_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_add_months_crosses_year_end() -> None:
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
