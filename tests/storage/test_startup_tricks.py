"""Three places where the code leans on how a library behaves, each kept because a measurement showed
the need, and each guarded here: when the library changes underneath, one of these fails and says what
to do.

- ``storage/__init__`` hides NumPy and pandas while sqlite-utils loads (start-up: importing sqlite-utils
  took 0.34-0.58 s with them, 0.10-0.20 s without, on a 2-core machine).
- ``storage/trusted`` builds models from our own rows the way ``model_construct`` does, at a quarter of
  its cost, by setting pydantic's instance slots.
- ``storage/trusted.collector_paused`` holds the cycle collector while many rows are built (100,000 spans
  in a heap of a million objects: 1.9 s with the collector, 1.2-1.5 s without).
"""

from __future__ import annotations

import gc
import subprocess
import sys

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.storage.trusted import collector_paused, trusted_models


def test_sqlite_utils_still_pulls_in_numpy_and_pandas_so_hiding_them_still_pays() -> None:
    code = "import sys, sqlite_utils\nprint('numpy' in sys.modules, 'pandas' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # If this fails, sqlite-utils no longer imports them: remove the hiding from storage/__init__.py.
    assert result.stdout.split() == ["True", "True"]


def _rows(
    model: type[Span] | type[Document], instances: list[Span] | list[Document]
) -> list[tuple[object, ...]]:
    return [tuple(getattr(instance, name) for name in model.model_fields) for instance in instances]


def test_trusted_models_are_the_models_pydantic_would_build() -> None:
    now = "2025-01-02T03:04:05+00:00"
    spans = [
        Span(document_id="d1", start=0, end=5, label="chips", text="Ascen", annotator="alice", created=now),
        Span(document_id="d1", start=3, end=9, label="models", text="end 91", annotator="bob", note="n"),
    ]
    text = "Huawei's Ascend 910B"
    documents = [Document(title="t", text=text, sha256=text_sha256(text), source="s.txt")]
    for model, validated in ((Span, spans), (Document, documents)):
        built = trusted_models(model, _rows(model, validated))
        # If any of this fails, pydantic changed its instance slots: build with model_construct instead.
        assert built == validated
        for mine, theirs in zip(built, validated, strict=True):
            assert type(mine) is model
            assert mine.model_fields_set == set(model.model_fields)
            assert mine.model_dump() == theirs.model_dump()
            assert mine.__pydantic_extra__ == theirs.__pydantic_extra__
            assert mine.__pydantic_private__ == theirs.__pydantic_private__
            assert mine.model_copy(update={"title" if model is Document else "label": "x"}) != mine
            assert hash(repr(mine)) == hash(repr(theirs))


def test_the_collector_still_sweeps_while_rows_are_built_unless_paused() -> None:
    def gen2() -> int:
        return int(gc.get_stats()[2]["collections"])

    keep = [[n] for n in range(300_000)]  # an old heap, as in the window
    gc.collect()
    before = gen2()
    made = [[n] for n in range(700_000)]
    # If this fails, the interpreter no longer sweeps the old heap while many objects are made (as an
    # incremental collector would): collector_paused no longer pays and can go.
    assert gen2() > before
    made.clear()
    gc.collect()
    with collector_paused():
        before = gen2()
        made = [[n] for n in range(700_000)]
        assert gen2() == before
    assert gc.isenabled()
    del keep, made
