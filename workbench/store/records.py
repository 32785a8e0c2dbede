"""Store records: where each record kind sits in a case document, and changes applied in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from pydantic import ValidationError

from workbench.domain import (
    Assessment,
    CaseDocument,
    Challenge,
    Element,
    Evidence,
    Framework,
    MethodologyChange,
    Model,
    Module,
    NoncomplianceItem,
    ReviewSession,
    ScheduledAssessment,
    SignOff,
)

ModelT = TypeVar("ModelT", bound=Model)


@dataclass(frozen=True)
class Change:
    """One record written by a user action: its body before (None: new) and after (None: gone).

    ``before`` lets the store refuse a stale write: if the stored body is not ``before``,
    another window or process changed it since it was read.
    """

    kind: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def inverse(self) -> Change:
        return Change(self.kind, self.id, self.after, self.before)


#: The kinds a document holds exactly one record of, and their models.
SINGLETONS: dict[str, type[Model]] = {"framework": Framework, "assessment": Assessment}
#: Every other kind: the document field (and sub-field) holding its list, and its model.
#: Records of a kind are kept in list order (the ``ord`` column), new ones at the end.
LISTS: dict[str, tuple[tuple[str, ...], type[Model]]] = {
    "module": (("case", "modules"), Module),
    "element": (("case", "elements"), Element),
    "evidence": (("evidence",), Evidence),
    "session": (("review", "sessions"), ReviewSession),
    "challenge": (("review", "challenges"), Challenge),
    "schedule": (("compliance", "schedule"), ScheduledAssessment),
    "methodology": (("compliance", "methodology_changes"), MethodologyChange),
    "noncompliance": (("compliance", "noncompliance"), NoncomplianceItem),
    "signoff": (("signoffs",), SignOff),
}


def _at(container: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in a document, as a model or as its JSON form."""
    for name in path:
        container = container[name] if isinstance(container, dict) else getattr(container, name)
    return container


def records_of(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every record of a document's JSON form, as (kind, id, body), in store order."""
    records = [(kind, data[kind]["id"], data[kind]) for kind in SINGLETONS]
    for kind, (path, _model) in LISTS.items():
        records += [(kind, body["id"], body) for body in _at(data, path)]
    return records


def apply_changes(document: CaseDocument, changes: Iterable[Change]) -> CaseDocument | None:
    """The document the store holds after it applied ``changes`` to ``document``.

    Equal to what ``Store.load`` would read back, and validated the same way, without reading
    every record again. None when that cannot be worked out here (a singleton removed, every
    module removed, or a result that does not validate): read the store instead.
    """
    changes = tuple(changes)
    fields: dict[str, Any] = {}
    lists: dict[str, dict[str, Model]] = {}
    for change in changes:
        if change.kind in SINGLETONS:
            if change.after is None:
                return None
            fields[change.kind] = SINGLETONS[change.kind].model_validate(change.after)
            continue
        path, model = LISTS[change.kind]
        items = lists.get(change.kind)
        if items is None:  # a dict keeps the list order: a replaced record keeps its place
            if change.kind == "element":  # the case's own look-up, in list order: a copy
                items = lists[change.kind] = dict(document.case.by_id)
            else:
                items = lists[change.kind] = {item.id: item for item in _at(document, path)}
        if change.after is None:
            items.pop(change.id, None)
        else:
            items[change.id] = model.model_validate(change.after)
    parts: dict[str, dict[str, Any]] = {}
    for kind, items in lists.items():
        path, _model = LISTS[kind]
        if len(path) == 1:
            fields[path[0]] = list(items.values())
        else:
            parts.setdefault(path[0], {})[path[1]] = list(items.values())
    if parts.get("case", {}).get("modules") == []:
        return None  # the store then supplies the default module
    # Each changed record was validated above. When no change touches what the document's
    # own validators read (ids, links, modules, hashes, sessions), the whole still holds and
    # is put together without validating every record again (a text edit of a case of
    # 100,000 elements: milliseconds instead of a tenth of a second).
    same_shape = all(_keeps_references(c) for c in changes)
    build = _construct if same_shape else _validate
    try:
        for part, update in parts.items():
            container = getattr(document, part)
            fields[part] = build(type(container), {**_fields(container), **update})
        result = build(CaseDocument, {**_fields(document), **fields})
    except ValidationError:
        return None
    added = [(c.kind, c.id) for c in changes if c.before is None and c.after is not None]
    result.carrying(document.id_marks.including(added))
    if same_shape and "element" in lists:
        # The case's look-ups carry over: ids in the same order, the same links.
        case = result.case
        case.__dict__["by_id"] = lists["element"]
        if "parents" in document.case.__dict__:
            case.__dict__["parents"] = document.case.__dict__["parents"]
    return result


#: Per kind, the fields of a record that validators of the document as a whole read.
_REFERENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "element": ("module", "supported_by", "in_context_of"),
    "evidence": ("sha256",),
    "challenge": ("session",),
    "module": (),
    "session": (),
    "schedule": (),
    "methodology": (),
    "noncompliance": (),
    "signoff": (),
}


def _keeps_references(change: Change) -> bool:
    """True for an update of a listed record that changes nothing the document's validators
    check (uniqueness of ids, links resolving, modules, hashes, sessions)."""
    names = _REFERENCE_FIELDS.get(change.kind)
    if names is None or change.before is None or change.after is None:
        return False
    return all(change.before.get(n) == change.after.get(n) for n in names)


def _validate(model: type[ModelT], values: dict[str, Any]) -> ModelT:
    return model(**values)


def _construct(model: type[ModelT], values: dict[str, Any]) -> ModelT:
    return cast("ModelT", model.model_construct(**values))


def _fields(model: Model) -> dict[str, Any]:
    """A model's field values (its ``__dict__`` may also hold cached look-ups)."""
    return {name: getattr(model, name) for name in type(model).model_fields}
