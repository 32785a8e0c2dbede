"""Check engine: pure functions from a case document to findings, required ASL and coverage."""

from workbench.checks.asl import required_asl
from workbench.checks.coverage import CoverageStatus, RequirementStatus
from workbench.checks.engine import (
    RULES,
    requirement_status,
    run_checks,
    run_checks_with_status,
    sort_findings,
)
from workbench.checks.rules import Rule

__all__ = [
    "RULES",
    "CoverageStatus",
    "RequirementStatus",
    "Rule",
    "required_asl",
    "requirement_status",
    "run_checks",
    "run_checks_with_status",
    "sort_findings",
]
