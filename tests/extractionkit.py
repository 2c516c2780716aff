"""What the extraction tests share: the repository's config.yaml, read as extraction rules.

The rules are validated straight from the YAML (not through the whole config),
so these tests see exactly what each outlet's `extraction` section says.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig

CONFIG_PATH = Path(__file__).resolve().parents[1] / "config.yaml"
CONFIG = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
SHARED = SharedExtractionConfig.model_validate(CONFIG["extraction"])


def rules_for(outlet: str) -> ExtractionRules:
    return ExtractionRules.model_validate(CONFIG["outlets"][outlet].get("extraction", {}))
