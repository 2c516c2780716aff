"""Base class for every configuration model.

Every part of `config.yaml` is a small pydantic model in this package (the
extraction rules in `crawler.config.extraction`, the topic rules in
`crawler.config.topic`, ...); `crawler.config.model` composes them into the one
schema. Unknown keys are errors, so a typo in `config.yaml` is reported, not ignored,
with the closest allowed key at that place when one is close. The validators here
compile regular expressions and XPaths when the config loads.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from lxml import etree, html
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import ErrorDetails


def _numeric_only(annotation: Any) -> bool:
    """True for int, float and their optional forms: fields where a bool is a mistake."""
    if annotation in (int, float):
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return bool(args) and all(a in (int, float) for a in args)
    return False


class StrictModel(BaseModel):
    """A frozen pydantic model that rejects unknown keys, and booleans given for numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """`retry_times: yes` would be 1 to pydantic (a bool is an int): say it is wrong.

        YAML reads yes/no/on/off/true/false as booleans, so a value meant as a switch
        or a typo for a number would otherwise pass silently as 1 or 0.
        """
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, bool) and field is not None and _numeric_only(field.annotation):
            raise ValueError(f"expected a number, got {str(value).lower()}")
        return value


def valid_regex(pattern: str) -> str:
    """Compiled at load time, so that a typo is a config error, not an exception on every page."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return pattern


_PROBE = html.fromstring("<html><body><p>probe</p></body></html>")


def valid_xpath(expression: str) -> str:
    """Compile and run the expression once: an unknown prefix or function fails only then.

    Every XPath in the config selects elements or text from a page; one that
    computes a value (`count(//p)`) is a mistake, refused here.
    """
    try:
        result = etree.XPath(expression)(_PROBE)
    except etree.XPathError as exc:
        raise ValueError(f"invalid XPath {expression!r}: {exc}") from exc
    if not isinstance(result, list):
        raise ValueError(f"XPath {expression!r} must select nodes or text, not a value")
    return expression


#: A `str` config value that must be a valid regular expression.
Regex = Annotated[str, AfterValidator(valid_regex)]
#: A `str` config value that must be an XPath selecting nodes or text.
XPathExpr = Annotated[str, AfterValidator(valid_xpath)]


#: Problems named in full in one error line; the rest are counted.
SHOWN_PROBLEMS = 3


def _without_none(annotation: Any) -> Any:
    """`X | None` as X; any other annotation as it is."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def known_keys(root: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed beside the last part of `loc` (an error location under `root`).

    Walks the schema: a model field leads to its model, a `dict[str, Model]` field
    (e.g. `outlets`) skips the user's key and leads to the value model. Fields
    that are not YAML keys (excluded ones) are left out.
    """
    current: Any = root
    parts = list(loc[:-1])
    while parts:
        if not _is_model(current):
            return []
        field = current.model_fields.get(str(parts.pop(0)))
        if field is None:
            return []
        current = _without_none(field.annotation)
        if get_origin(current) is dict:
            if not parts:
                return []
            parts.pop(0)
            current = _without_none(get_args(current)[1])
    if not _is_model(current):
        return []
    return [name for name, field in current.model_fields.items() if not field.exclude]


def describe_error(error: ErrorDetails, root: type[BaseModel]) -> str:
    """One validation error as `dotted.key: what is wrong`."""
    loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
    msg = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(error["loc"][-1]), known_keys(root, error["loc"]))
        hint = f"did you mean {close[0]}?" if close else "check its spelling and indentation"
        msg = f"unknown key ({hint})"
    elif error["type"] == "missing":
        msg = "required key is missing"
    return f"{loc}: {msg}"


def describe_errors(errors: list[ErrorDetails], root: type[BaseModel]) -> str:
    """Validation errors as one line: the first few in full, the rest counted.

    A misspelt required section (`outlet:` for `outlets:`) is two errors, the
    missing key and the unknown one; naming both is what shows the typo.
    """
    lines = list(dict.fromkeys(describe_error(error, root) for error in errors))
    shown = "; ".join(lines[:SHOWN_PROBLEMS])
    rest = len(lines) - SHOWN_PROBLEMS
    return shown + (f" (and {rest} more problem(s))" if rest > 0 else "")
