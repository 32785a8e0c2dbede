"""Quote audit: is every quote a catalogue carries found, word for word, in its policy text?

The texts are PDF extractions: spaces go missing where lines were joined ("demonstratesthat"),
page breaks are form feeds and typographic quotes, dashes and ligatures vary. The comparison
therefore drops all whitespace and folds those characters; everything else, case included,
must match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.domain.catalog import Citation, Framework

_FOLD = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # – en dash
        "\u2014": "-",  # — em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark
    }
)


def normalise(text: str) -> str:
    """The form quotes are compared in: NFKC (ligatures, no-break spaces), typographic quotes
    and dashes folded to ASCII, every whitespace character (form feeds too) removed."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return "".join(folded.split())


#: A run of text inside a line: words separated by at most two spaces.
_SEGMENT = re.compile(r"\S+(?: {1,2}\S+)*")
#: How far (in characters) a table column may drift from one line to the next.
_COLUMN_DRIFT = 12


def column_streams(text: str) -> list[str]:
    """The text's columns, each read top to bottom.

    A PDF extraction of a two- or three-column table interleaves the columns line by line
    ("CBRN-3: The ability to significantly      This capability could greatly…"), so a quote
    of one cell is not a run of the text. Each line is cut where three or more spaces
    separate its words, and every piece joins the column whose last piece started nearest
    (within a few characters: extractions indent each line a little further).
    """
    columns: list[tuple[int, list[str]]] = []
    for line in text.splitlines():
        for match in _SEGMENT.finditer(line.replace("\t", "    ")):
            start = match.start()
            nearest = min(
                range(len(columns)), key=lambda i: abs(columns[i][0] - start), default=None
            )
            if nearest is None or abs(columns[nearest][0] - start) > _COLUMN_DRIFT:
                columns.append((start, [match.group()]))
            else:
                pieces = columns[nearest][1]
                pieces.append(match.group())
                columns[nearest] = (start, pieces)
    return [" ".join(pieces) for _, pieces in columns]


@dataclass(frozen=True)
class QuotePart:
    """One passage to look up: a quote, or one "…"-separated part of it."""

    item: str  # the catalogue item (threshold, standard, requirement, obligation, …)
    section: str
    text: str


@dataclass(frozen=True)
class AuditReport:
    checked: list[QuotePart]
    missing: list[QuotePart]
    unquoted: list[str]  # items that carry no quote at all

    @property
    def found(self) -> int:
        return len(self.checked) - len(self.missing)

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unquoted


def citations(framework: Framework) -> Iterator[tuple[str, Citation | None]]:
    """Every place a catalogue cites its text: items, tiers and defined terms."""
    for item in framework.items():
        yield item.id, item.source
        for tier in getattr(item, "tiers", ()):
            if tier.source is not None:
                yield f"{item.id}#{tier.tier.value}", tier.source
    for definition in framework.definitions:
        if definition.source is not None:
            yield f"{framework.id}#definition:{definition.term}", definition.source


def quote_parts(framework: Framework) -> tuple[list[QuotePart], list[str]]:
    """The passages to look up, and the ids of items that cite nothing."""
    parts: list[QuotePart] = []
    unquoted: list[str] = []
    for item_id, source in citations(framework):
        if source is None:
            unquoted.append(item_id)
            continue
        parts += [QuotePart(item_id, source.section, p) for p in source.parts]
    return parts, unquoted


def audit_quotes(framework: Framework, text: str) -> AuditReport:
    """Look up every quote part of ``framework`` in the policy ``text``.

    A part is found when it is a run of the text, or of one of its table columns
    (:func:`column_streams`), compared in :func:`normalise` form.
    """
    haystacks = [normalise(text)]
    haystacks += [normalise(c) for c in column_streams(text)]
    parts, unquoted = quote_parts(framework)
    missing = [p for p in parts if not _found(normalise(p.text), haystacks)]
    return AuditReport(checked=parts, missing=missing, unquoted=unquoted)


def _found(needle: str, haystacks: list[str]) -> bool:
    return any(needle in haystack for haystack in haystacks)


def excerpt(text: str, limit: int = 60) -> str:
    """The first ``limit`` characters of a quote on one line, "…" when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"
