"""Base class for every configuration model.

Each module that needs settings defines its own small pydantic model (the
topic rules live beside the topic filter, the extraction rules beside the
extractor); `crawler.config` composes them into the one `config.yaml` schema.
Unknown keys are errors, so a typo in `config.yaml` is reported, not ignored.
"""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A frozen pydantic model that rejects unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)
