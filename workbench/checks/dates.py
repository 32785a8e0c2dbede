"""Calendar arithmetic for deadlines: calendar months clamped at month ends."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (negative: earlier), clamped to month end.

    Six months before 2024-08-31 is 2024-02-29; one month after 2023-01-31 is 2023-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def months_before(day: dt.date, months: int) -> dt.date:
    """The date ``months`` calendar months before ``day``, clamped to the month's last day."""
    return add_months(day, -months)
