"""Every reader is linear: time per record at 1,000, 10,000 and 100,000 records, for every format.

    python -m benchmarks.bench_readers [--scale 1] [--runs 3]

Each size is a project of tiny records (one sentence, two spans), exported with our own writer for every
format and read back with the format's reader alone (no project, no storage). Label Studio is read twice:
indented and as one line (Label Studio's own export has no newline at all). A reader is
linear when the time per record at the largest size is within 1.5 times the time per record at the
smallest (the figure is that ratio; small files carry fixed costs, so it is usually below 1).
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

from annotator.domain.models import Document, Span, new_span_id
from annotator.domain.text import text_sha256
from annotator.formats.records import ReadOptions
from annotator.formats.registry import get_format
from annotator.services.exporting import export_dataset
from annotator.services.project import Project
from annotator.storage import bulk
from benchmarks import synthetic
from benchmarks.harness import Figure, Samples, options, report

SIZES = (1_000, 10_000, 100_000)
# (name shown, format, file name); brat is a folder of .txt/.ann pairs.
READERS = (
    ("native JSONL", "jsonl", "records.jsonl"),
    ("Label Studio, indented", "label-studio", "indented.json"),
    ("Label Studio, one line", "label-studio", "one-line.json"),
    ("doccano", "doccano", "records.doccano.jsonl"),
    ("Prodigy", "prodigy", "records.prodigy.jsonl"),
    ("CoNLL", "conll", "records.conll"),
    ("brat", "brat", "brat"),
)
_SENTENCE = "Record {n}: Huawei ships Ascend 910B chips to 合肥 📈 for the new cluster."


def tiny_project(path: Path, records: int) -> None:
    """``records`` one-sentence documents, each with two spans ('Huawei' and 'Ascend 910B')."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    with Project.open(path, annotator=synthetic.ANNOTATORS[0]) as project:
        synthetic.prepare_project(project)
        documents: list[Document] = []
        spans: list[Span] = []
        for n in range(records):
            text = _SENTENCE.format(n=n)
            document = Document.model_construct(
                id=f"{n:032x}",
                title=f"Record {n}",
                source=f"tiny/{n}",
                text=text,
                sha256=text_sha256(text),
                created=synthetic.CREATED,
                note="",
            )
            documents.append(document)
            start = text.index("Huawei")
            for begin, end, label in ((start, start + 6, "chips"), (start + 13, start + 24, "products")):
                spans.append(
                    Span.model_construct(
                        id=new_span_id(),
                        document_id=document.id,
                        start=begin,
                        end=end,
                        label=label,
                        text=text[begin:end],
                        annotator=synthetic.ANNOTATORS[0],
                        note="",
                        created=synthetic.CREATED,
                        updated=synthetic.CREATED,
                    )
                )
        with project.database.write():
            bulk.insert_documents(project.database, documents)
            bulk.insert_spans(project.database, spans)


def files_folder(workdir: Path, records: int) -> Path:
    return workdir / f"readers-{records}"


def write_files(folder: Path, records: int) -> None:
    """Every format's file of ``records`` records in ``folder`` (made once, kept between runs)."""
    done = folder / "complete"
    if done.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = folder / "tiny.db"
    tiny_project(database, records)
    with Project.open(database, annotator=synthetic.ANNOTATORS[0]) as project:
        for _, format_name, file_name in READERS:
            if file_name not in ("one-line.json", "indented.json"):
                export_dataset(project, folder / file_name, format_name)
        export_dataset(project, folder / "records.json", "label-studio")
    # The same tasks as Label Studio writes them (one line) and as a person's tool might (indented).
    tasks = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    (folder / "one-line.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    (folder / "indented.json").write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    for leftover in folder.glob("tiny.db*"):
        leftover.unlink()
    done.touch()


def per_record_us(
    workdir: Path, format_name: str, file_name: str, sizes: list[int], runs: int
) -> list[float]:
    """Median µs per record at each size; the sizes take turns in every round, so that a change of the
    machine's speed while a reader is measured touches every size alike instead of only the last."""
    reader = get_format(format_name).read
    samples = {size: Samples() for size in sizes}
    for _ in range(max(runs, 1)):
        for size in sizes:
            path = files_folder(workdir, size) / file_name
            samples[size].time(lambda: _read_all(reader, path, size))  # noqa: B023 (called at once)
    return [statistics.median(samples[size].wall) / size * 1e6 for size in sizes]


def _read_all(reader: object, path: Path, records: int) -> None:
    result = reader(path, ReadOptions())  # type: ignore[operator]
    if len(result.documents) != records:
        raise RuntimeError(f"{path}: read {len(result.documents)} records of {records}")


def main(argv: list[str] | None = None) -> None:
    args = options(__doc__ or "", argv)
    sizes = sorted({max(int(size * args.scale), 100) for size in SIZES})
    timings: dict[str, list[float]] = {}
    print(f"{'reader':<24}" + "".join(f"{size:>12,}" for size in sizes) + "   (µs per record, median)")
    for size in sizes:
        write_files(files_folder(args.workdir, size), size)
    for name, format_name, file_name in READERS:
        timings[name] = per_record_us(args.workdir, format_name, file_name, sizes, args.runs)
        print(f"{name:<24}" + "".join(f"{us:>12.1f}" for us in timings[name]), flush=True)
    figures = [
        Figure(
            f"reader {name}: time per record at {sizes[-1]:,} records over that at {sizes[0]:,}",
            values[-1] / values[0],
            1.5,
            "x per record",
            args.runs,
            note=" / ".join(f"{us:.0f}" for us in values) + " µs per record",
        )
        for name, values in timings.items()
    ]
    report(figures, args)


if __name__ == "__main__":
    main()
