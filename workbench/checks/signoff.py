"""SIG-* rules: sign-offs present, given with the right meaning, and matching the current state."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule
from workbench.domain import (
    MEANING_FOR_ROLE,
    STATE_HASH_FORMAT,
    STATE_HASH_FORMATS,
    Finding,
    Meaning,
    Severity,
    SignOff,
)

FAMILY = "SIG"

VOID = Rule(
    FAMILY + "-VOID",
    Severity.major,
    FAMILY,
    "sign-off given for an earlier state of the case (void after later changes)",
)
ROLE_MEANING = Rule(
    FAMILY + "-ROLE-MEANING",
    Severity.blocker,
    FAMILY,
    "sign-off whose meaning does not fit the signer's role",
)
OLD_HASH_FORMAT = Rule(
    FAMILY + "-OLD-HASH-FORMAT",
    Severity.info,
    FAMILY,
    "sign-off that pinned the state with an earlier state-hash format (still valid)",
)
NO_AUTHORED = Rule(
    FAMILY + "-NO-AUTHORED", Severity.minor, FAMILY, "no current 'authored' sign-off"
)
NO_REVIEWED = Rule(
    FAMILY + "-NO-REVIEWED", Severity.minor, FAMILY, "no current 'reviewed' sign-off"
)
NO_APPROVED = Rule(
    FAMILY + "-NO-APPROVED",
    Severity.info,
    FAMILY,
    "no current 'approved' sign-off (not yet approved)",
)

RULES = (VOID, ROLE_MEANING, OLD_HASH_FORMAT, NO_AUTHORED, NO_REVIEWED, NO_APPROVED)

_MISSING = {
    Meaning.authored: (NO_AUTHORED, "no current sign-off by an author", "Have the author sign."),
    Meaning.reviewed: (
        NO_REVIEWED,
        "no current sign-off by a reviewer",
        "Have a reviewer sign after the stress-testing review.",
    ),
    Meaning.approved: (
        NO_APPROVED,
        "not yet approved: no current sign-off by an approver",
        "Clear the blockers, then have an approver sign.",
    ),
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    signoffs = ctx.doc.signoffs
    state = ctx.doc.state_hash() if signoffs else ""
    current: set[Meaning] = set()
    for signoff in signoffs:
        fits = MEANING_FOR_ROLE.get(signoff.role) == signoff.meaning
        if not fits:
            yield _role_mismatch(signoff)
        pinned = STATE_HASH_FORMAT if signoff.state_hash == state else None
        if pinned is None:  # an older pin is recognised by its format, never silently voided
            pinned = ctx.doc.pinned_format(signoff.state_hash)
        if pinned is None:
            formats = ", ".join(str(f) for f in sorted(STATE_HASH_FORMATS))
            yield VOID.finding(
                signoff.id,
                f"sign-off by {signoff.signer} ({signoff.meaning.value}) was given for state "
                f"{signoff.state_hash[:12]}… and is void after later changes "
                f"(current state {state[:12]}…; no state-hash format, of {formats}, gives "
                "the pinned hash)",
                f"Ask {signoff.signer} to review the changes and sign the current state again.",
            )
            continue
        if pinned != STATE_HASH_FORMAT:
            yield OLD_HASH_FORMAT.finding(
                signoff.id,
                f"sign-off by {signoff.signer} ({signoff.meaning.value}) pinned this state "
                f"with state-hash format {pinned} ({STATE_HASH_FORMATS[pinned]}); it still "
                f"matches and stays valid",
                f"Sign-offs made now pin format {STATE_HASH_FORMAT} "
                f"({STATE_HASH_FORMATS[STATE_HASH_FORMAT]}); nothing to do until the next one.",
            )
        if fits:
            current.add(signoff.meaning)
    for meaning, (rule, message, hint) in _MISSING.items():
        if meaning not in current:
            yield rule.finding(ctx.doc.assessment.id, message, hint)


def _role_mismatch(signoff: SignOff) -> Finding:
    return ROLE_MEANING.finding(
        signoff.id,
        f"{signoff.signer} signed as {signoff.role.value} with meaning "
        f"{signoff.meaning.value}; a {signoff.role.value} may only sign "
        f"{MEANING_FOR_ROLE[signoff.role].value}",
        "Remove the sign-off; it must be given by someone holding the matching role.",
    )
