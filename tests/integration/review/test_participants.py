"""The one participant form, NAME[:TEAM[:ROLE]], that the CLI and the review tab both read."""

from __future__ import annotations

import pytest

from workbench.domain import InputError, ReviewRole, parse_participant, parse_participant_lines


@pytest.mark.parametrize(
    ("text", "name", "team", "role"),
    [
        ("Ann", "Ann", "", ReviewRole.reviewer),
        ("Ann:Alignment", "Ann", "Alignment", ReviewRole.reviewer),
        ("Ann:Alignment:approver", "Ann", "Alignment", ReviewRole.approver),
        ("Ann::author", "Ann", "", ReviewRole.author),
        ("Ann:Alignment:", "Ann", "Alignment", ReviewRole.reviewer),
        ("  Ann : Alignment : Observer ", "Ann", "Alignment", ReviewRole.observer),
        ("Dr. A:B:Security:reviewer", "Dr. A:B", "Security", ReviewRole.reviewer),
        ("李雷:Frontier Red Team:author", "李雷", "Frontier Red Team", ReviewRole.author),
    ],
)
def test_accepted_forms(text: str, name: str, team: str, role: ReviewRole) -> None:
    person = parse_participant(text)
    assert (person.name, person.team, person.role) == (name, team, role)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "has no name"),
        (":Alignment:reviewer", "has no name"),
        ("  :  ", "has no name"),
        ("Ann:X:boss", "unknown role 'boss' (one of: author, reviewer, approver, observer)"),
        ("A:B:C:boss", "unknown role 'boss'"),
    ],
)
def test_refused_forms(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_participant(text)


def test_lines_skip_blanks_and_name_the_bad_line() -> None:
    assert [p.name for p in parse_participant_lines("Ann\n\n  \nBo:Security\n")] == ["Ann", "Bo"]
    with pytest.raises(InputError, match=r"^line 3: participant 'Cy:RSP:boss': unknown role"):
        parse_participant_lines("Ann\n\nCy:RSP:boss")
