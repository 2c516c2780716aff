"""Base class for every configuration model.

Each module that needs settings defines its own small pydantic model (the
topic rules live beside the topic filter, the extraction rules beside the
extractor); `crawler.config` composes them into the one `config.yaml` schema.
Unknown keys are errors, so a typo in `config.yaml` is reported, not ignored.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


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
