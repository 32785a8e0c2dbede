"""The workbench's clock: UTC now (whole seconds) and today's UTC date."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    return utc_now().date()
