"""Writes the JSON Schema of the native JSONL format, generated from its pydantic models.

    python -m annotator.formats.jsonl_schema docs/jsonl-schema.json

The shipped ``docs/jsonl-schema.json`` is checked against this output by the test suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from annotator.formats.jsonl import json_schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    if argv:
        Path(argv[0]).write_text(schema_text(), encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
