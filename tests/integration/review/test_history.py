"""A challenge's history has one wording (workbench.domain.review.challenge_history), which the
review tab and the packet's review log both show."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Paragraph

from workbench.domain import (
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    ReviewRole,
    challenge_history,
)
from workbench.domain.review import Response
from workbench.report.sections.review import challenge_block
from workbench.ui.panels.review import history_text

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def refuted() -> Challenge:
    return Challenge(
        id="CH3",
        session="R1",
        target="G2",
        kind=ChallengeKind.undermining,
        severity=ChallengeSeverity.major,
        text="The eval covers two weeks only.",
        raised_by="Ann",
        raised_at=T0,
        status=ChallengeStatus.refuted,
        responses=[
            Response(
                by="Bo",
                at=T0 + dt.timedelta(hours=21, minutes=30),
                status=ChallengeStatus.refuted,
                text="Two weeks covered 40,000 attempts.",
                evidence=["EV-1"],
                role=ReviewRole.author,
            )
        ],
    )


def test_history_reads_heading_text_responses_and_resolution() -> None:
    assert challenge_history(refuted()) == [
        "CH3: major undermining challenge by Ann (2026-11-23 12:00 UTC)",
        "The eval covers two weeks only.",
        "→ refuted by Bo, author (2026-11-24 09:30 UTC): Two weeks covered 40,000 attempts. "
        "[evidence EV-1]",
        "Resolved: refuted with argument or evidence.",
    ]


def test_an_open_challenge_says_it_is_unresolved() -> None:
    open_one = refuted().model_copy(update={"status": ChallengeStatus.open, "responses": []})
    assert challenge_history(open_one)[-1] == "Unresolved: no response yet."


def test_the_tab_and_the_packet_show_the_same_responses() -> None:
    challenge = refuted()
    tab = history_text(challenge).splitlines()
    block = challenge_block(challenge)
    packet = [
        " ".join(p.getPlainText().split()) for p in block._content if isinstance(p, Paragraph)
    ]
    assert tab[2:] == packet[2:]
