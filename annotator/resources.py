"""Files shipped beside the code: the JSON Schema and the annotation guidelines.

In a source checkout they live at the top of the repository (schemas/, docs/); an
installed wheel carries copies inside the package (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def find(packaged: str, in_repo: str) -> Path:
    for path in (_HERE / packaged, _HERE.parent / in_repo):
        if path.exists():
            return path
    raise FileNotFoundError(f"{in_repo} is missing from the installation")


def schema_path() -> Path:
    return find("_schemas/annotation.schema.json", "schemas/annotation.schema.json")


def guidelines_path() -> Path:
    return find("_docs/guidelines.md", "docs/guidelines.md")
