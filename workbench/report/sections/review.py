"""The stress-testing log: sessions, challenges and their history."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
)

from workbench.domain import (
    Challenge,
    labels,
)
from workbench.domain.review import RESOLUTION, challenge_history
from workbench.report.content import (
    PacketFacts,
    utc_text,
)
from workbench.report.fonts import markup
from workbench.report.sections.page import WIDTH, key_facts
from workbench.report.styles import (
    Heading,
    clip,
    coloured,
    para,
    rich,
    styles,
)


def challenge_block(challenge: Challenge) -> Flowable:
    s = styles()
    status = labels.label(challenge.status)
    severity = challenge.severity.value
    key = "met" if challenge.status.resolved else challenge.severity.value
    parts: list[Flowable] = [
        rich(
            f"<b>{markup(challenge.id)}</b> · {coloured(severity, severity)}"
            f" · {markup(challenge.kind.value)} · on {markup(challenge.target_kind.value)} "
            f"<b>{markup(challenge.target)}</b> · status {coloured(status, key)}",
            s.cell,
        ),
        rich(
            f"Raised by <b>{markup(challenge.raised_by)}</b>, {utc_text(challenge.raised_at)}: "
            f"{markup(challenge.text)}",
            s.cell,
        ),
    ]
    # The words are the window's (workbench.domain.review.challenge_history).
    for line in challenge_history(challenge)[2:-1]:
        parts.append(rich(markup(line), s.response))
    parts.append(rich(f"<i>{markup(RESOLUTION[challenge.status])}</i>", s.muted))
    parts.append(Spacer(1, 2 * mm))
    return KeepTogether(parts)


def review_log(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    review = facts.doc.review
    story: list[Flowable] = [Heading("Stress-testing log", 0)]
    if not review.sessions:
        return [*story, para("No stress-testing session is recorded.")]
    for session in review.sessions:
        story.append(Heading(session.title, 1))
        people = "; ".join(
            f"{p.name}" + (f" ({p.team})" if p.team else "") + f" — {p.role.value}"
            for p in session.participants
        )
        rows: list[tuple[str, Flowable]] = [
            ("Session", para(session.id)),
            (
                "Held",
                para(
                    f"{utc_text(session.started)} to "
                    f"{utc_text(session.ended) if session.ended else 'still open'}"
                ),
            ),
            ("Participants", para(clip(people) or "none recorded")),
        ]
        if session.scope:
            rows.append(("Scope", para(clip(session.scope))))
        story.append(key_facts(rows, WIDTH))
        story.append(Heading("Minutes", 2, s.h3))
        story.append(para(session.minutes or "No minutes were recorded.", s.body))
        challenges = [c for c in review.challenges if c.session == session.id]
        story.append(Heading(f"Challenges ({len(challenges)})", 2, s.h3))
        if not challenges:
            story.append(para("No challenge was raised in this session.", s.muted))
        story.extend(challenge_block(c) for c in challenges)
    return story
