"""Words shared by messages, views and reports: a count with its noun in the right number."""


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """``"1 day"`` / ``"3 days"`` (or ``"3 people"``): a count with its noun in the right number."""
    return f"{count} {word if count == 1 else plural_word or word + 's'}"
