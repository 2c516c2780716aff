"""Base class for every configuration model.

Every part of `config.yaml` is a small pydantic model in this package (the
extraction rules in `crawler.config.extraction`, the topic rules in
`crawler.config.topic`, ...); `crawler.config.model` composes them into the one
schema. Unknown keys are errors, so a typo in `config.yaml` is reported, not ignored.
The validators here compile regular expressions and XPaths when the config loads.
"""

from __future__ import annotations

import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from lxml import etree, html
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator


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
