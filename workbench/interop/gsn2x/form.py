"""How a gsn2x file wrote the keys the workbench interprets, so an export writes them alike.

gsn2x reads one id or a list (``supportedBy: G2`` or ``[G2]``), an explicit ``false`` or
nothing, a ``nodeType`` its id already implies or none. The workbench holds the meaning; the
form a file used, where it differs from the one the writer would choose, is kept beside the
element (``metadata[FORM_KEY]``) and used again on export while the meaning is unchanged.
"""

from __future__ import annotations

from typing import Any

#: The metadata key holding the written form of interpreted keys.
FORM_KEY = "gsn2x-form"

_ID_LISTS = ("supportedBy", "inContextOf", "defeatedRelation")
_FLAGS = ("undeveloped", "defeated")


def _id_list(value: Any) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    if value is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return None
    return list(dict.fromkeys(i.strip() for i in items))


def _target(value: Any) -> Any:
    """A ``challenges`` value as (element, link end or None); what is not text, as it is."""
    if not isinstance(value, str):
        return value
    left, arrow, right = value.partition("->")
    return (left.strip(), right.strip()) if arrow else (value.strip(), None)


def challenge_text(element: str, link_end: str | None) -> str:
    """How the writer writes what a counter element challenges: ``X`` or ``X -> Y``."""
    return f"{element} -> {link_end}" if link_end else element


def _meaning(key: str, value: Any) -> Any:
    """What a value of an interpreted key means (None for text that is absent)."""
    if key == "challenges":
        return _target(value)
    if key in _ID_LISTS:
        return _id_list(value)
    if key in _FLAGS:
        return value is True
    if key == "text":
        return value if isinstance(value, str) else "" if value is None else str(value)
    return value


def _canonical(key: str, value: Any) -> bool:
    """Whether the writer would write this value the same way from its meaning."""
    if key in _ID_LISTS:
        return isinstance(value, list) and bool(value) and value == _id_list(value)
    if key in _FLAGS:
        return value is True
    if key == "text":
        return isinstance(value, str)
    if key == "challenges":
        target = _target(value)
        return isinstance(target, tuple) and value == challenge_text(*target)
    return True


def written_form(raw: dict[str, Any], *, implied_type: str | None) -> dict[str, Any]:
    """The written form of a node's interpreted keys that the writer would not reproduce.

    ``implied_type`` is the gsn2x node type the id's prefix implies (None for none).
    """
    form: dict[str, Any] = {}
    written: dict[str, Any] = {}
    for key in (*_ID_LISTS, *_FLAGS, "text", "challenges"):
        if key in raw and not _canonical(key, raw[key]):
            written[key] = raw[key]
    if "nodeType" in raw and raw["nodeType"] == implied_type:
        written["nodeType"] = raw["nodeType"]
    if written:
        form["written"] = written
    if "text" not in raw:
        form["absent"] = ["text"]
    return form


def apply_form(body: dict[str, Any], form: Any, *, node_type: str) -> dict[str, Any]:
    """The body the writer made, with each key written as the file did while it means the same.

    ``node_type`` is the gsn2x type of the element as it is now.
    """
    if not isinstance(form, dict):
        return body
    result = dict(body)
    written = form.get("written")
    if isinstance(written, dict):
        for key, value in written.items():
            if key == "nodeType":
                if value == node_type and "nodeType" not in result:
                    result["nodeType"] = value
            elif _meaning(key, value) == _meaning(key, result.get(key)):
                result[key] = value
    absent = form.get("absent")
    if isinstance(absent, list) and "text" in absent and result.get("text") == "":
        result.pop("text", None)
    return result
