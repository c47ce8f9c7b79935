"""Turn pydantic validation errors into ``FILE:LINE:COL`` diagnostics.

Messages say what is wrong and what to do; a misspelt key gets the nearest
valid key as a suggestion.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, shown_value
from .source import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M],
    data: Any,
    doc_for: Callable[[Loc], SourceDoc],
    errors: list[Diagnostic],
    prefix: Loc = (),
) -> M | None:
    """Validate ``data`` (found at ``prefix`` in the file) against ``model``;
    append a diagnostic per problem and return None on failure."""
    if not isinstance(data, dict):
        doc = doc_for(prefix)
        what = _kind(data)
        errors.append(doc.diag(prefix, f"expected a mapping of keys (key: value), found {what}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in _one_per_place(exc.errors()):
            errors.append(_diagnostic(model, err, prefix, doc_for))
        return None


def _one_per_place(errs: list[Any]) -> list[Any]:
    """A value that fits no branch of a union (``toc: true`` or a text) gets
    an error per branch; keep the one that says most: a text too long, not
    "must be true or false"."""
    by_place: dict[tuple, list[Any]] = {}
    for err in errs:
        by_place.setdefault(tuple(_clean_loc(err["loc"])), []).append(err)
    out = []
    for group in by_place.values():
        if len(group) == 1:
            out.extend(group)
            continue
        specific = [e for e in group if not e["type"].endswith(("_type", "_parsing"))]
        out.append((specific or group)[0])
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{shown_value(value, 20)}'"
    return f"'{shown_value(value)}'"


def _diagnostic(model: type[BaseModel], err: Any, prefix: Loc, doc_for: Callable[[Loc], SourceDoc]) -> Diagnostic:
    loc: Loc = prefix + tuple(_clean_loc(err["loc"]))
    kind = err["type"]
    doc = doc_for(loc)
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _fields_at(model, tuple(_clean_loc(err["loc"]))[:-1])
        hint = ""
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.5)
        if close:
            hint = f"; did you mean '{close[0]}'?"
        elif allowed:
            hint = f"; allowed here: {', '.join(sorted(allowed))}"
        return doc.diag(loc, f"unknown key '{name}'{hint}", key=True)
    if kind == "missing":
        parent = loc[:-1]
        where = f" in {_label(parent)}" if parent else ""
        return doc.diag(parent, f"missing required key '{name}'{where}; add '{name}: …'", key=True)
    value = err.get("input")
    return doc.diag(loc, f"{_label(loc)}: {_explain(kind, err, value)}")


def _clean_loc(loc: tuple[Any, ...]) -> list[Any]:
    # pydantic adds the union branch or constraint name (e.g. 'bool', 'constrained-str') to loc
    out = []
    for part in loc:
        if isinstance(part, str) and (part in ("bool", "str", "int", "float", "none", "list[str]") or "[" in part or "-" in part and part.endswith("str")):
            continue
        out.append("schema" if part == "schema_" else part)
    return out


def _label(loc: Loc) -> str:
    """``('articles', 2, 'images', 0, 'file')`` → ``articles[3].images[1].file``
    (items counted from 1, as an editor counts them)."""
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int) and parts:
            parts[-1] += f"[{p + 1}]"
        else:
            parts.append(str(p))
    return ".".join(parts) if parts else "value"


def _explain(kind: str, err: Any, value: Any) -> str:
    ctx = err.get("ctx") or {}
    shown = f"'{shown_value(value)}'" if not isinstance(value, (dict, list)) and value is not None else _kind(value)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, not {shown}"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number, not {shown}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"must be a date written YYYY-MM-DD (e.g. 2025-06-20), not {shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, not {shown}"
    if kind in ("string_type",):
        return f"must be text, not {shown}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(value) if isinstance(value, str) else '?'} characters long; at most {ctx.get('max_length')} are allowed here: shorten it"
    if kind == "string_pattern_mismatch":
        return f"{shown} may only use lowercase letters a-z, digits and '-' (e.g. liuping-visit)"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, not {shown}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, not {shown}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, not {shown}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, not {shown}"
    if kind in ("list_type",):
        return f"must be a list (one '- item' per line), not {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of keys, not {shown}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"takes at most {ctx.get('max_length')} item(s)"
    return f"{err.get('msg', 'is not valid')} ({shown})"


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _unwrap(current, want_item=True)
            continue
        current = _unwrap(current)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get("schema_" if part == "schema" else part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any, want_item: bool = False) -> Any:
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        elif origin in (list, tuple) and want_item:
            tp = typing.get_args(tp)[0]
            want_item = False
        elif origin is dict and want_item:
            tp = typing.get_args(tp)[1]
            want_item = False
        else:
            return tp
    return tp
