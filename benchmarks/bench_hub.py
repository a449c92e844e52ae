"""Benchmark: one team hub with 20 annotators, 5,000 articles and 500,000 spans (with 80,000 relations
and 80,000 span attributes).

Targets: a sync that carries 10,000 changed spans within 2 s (sent, and received), a sync with nothing to
do within 100 ms, the hub's change queries using their indexes (the plans are printed), and the window
as responsive while it syncs in the background as when it is idle (no pause of its event loop over 50 ms:
bench_hub_window.py).

The hub is filled directly by its owner (COPY), as if the team had been at work for months; one annotator's
project then receives all of it by a first sync (timed, and printed). Then, ``--runs`` times each: that
annotator changes 10,000 of her spans and syncs (sent); a colleague's 10,000 spans change on the hub and
she syncs (received); she changes 5,000 relations and 5,000 span attributes and syncs (sent); and she
syncs with nothing to do. Min, median and max are printed.

Without ``--hub`` a throwaway PostgreSQL server is started in a temporary folder (Debian's package,
Unix socket only, as the test suite does). With ``--hub URL`` the given database is used: its login must
be able to create roles, and the database should be empty.

    .venv/bin/python -m benchmarks.bench_hub [--scale 1] [--runs 5] [--hub URL]
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from psycopg import conninfo

from annotator.domain.text import text_sha256
from annotator.services.hub import add_member, connect_project, init_hub
from annotator.services.project import Project
from annotator.services.sync import sync
from annotator.services.sync_report import SyncReport
from annotator.storage.hub.exchange import HubSession
from benchmarks.bench_hub_window import window_pauses
from benchmarks.harness import Figure, Samples, options, report

ANNOTATORS = 20
ARTICLES = 5_000
SPANS = 500_000
CHANGED = 10_000
LABELS = ("financials", "chips", "models", "strategy")
WORDS = [
    "Huawei",
    "Ascend",
    "chips",
    "revenue",
    "rose",
    "yuan",
    "model",
    "release",
    "cloud",
    "export",
    "policy",
    "training",
    "cluster",
]
CREATED = "2025-01-01T00:00:00.000+00:00"


@contextmanager
def throwaway_hub(workdir: Path) -> Iterator[str]:
    from tests.hub.pg_server import PgServer, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit(
            "PostgreSQL's server is not installed (apt-get install postgresql), or give --hub URL"
        )
    root = Path(tempfile.mkdtemp(prefix="annotator-bench-pg-"))
    server = PgServer(bin_dir, root)
    try:
        server.init()
        server.start()
        yield server.url(server.new_database())
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def article(number: int, chance: random.Random) -> str:
    return f"Article {number}: " + " ".join(chance.choice(WORDS) for _ in range(120)) + "."


def fill_hub(url: str, names: list[str], articles: int, spans: int) -> None:
    """Articles and every annotator's spans, straight into the hub by its owner."""
    chance = random.Random(20)
    texts = [article(n, chance) for n in range(articles)]
    per_layer = spans // len(names)
    with psycopg.connect(url) as conn:
        with conn.cursor().copy("COPY documents (sha256, title, source, text, created) FROM STDIN") as copy:
            for number, text in enumerate(texts):
                copy.write_row((text_sha256(text), f"Article {number}", "", text, CREATED))
        columns = 'id, document, annotator, created, start, "end", label, text, note, updated'
        ids: dict[str, list[str]] = {}
        with conn.cursor().copy(f"COPY spans ({columns}) FROM STDIN") as copy:
            for name in names:
                ids[name] = [str(uuid.uuid4()) for _ in range(per_layer)]
                for n in range(per_layer):
                    text = texts[n % articles]
                    start = (n // articles * 37 + n) % (len(text) - 20)
                    end = start + 5 + n % 10
                    label = LABELS[n % len(LABELS)]
                    row = (ids[name][n], text_sha256(text), name, CREATED, start, end, label)
                    copy.write_row((*row, text[start:end], "", CREATED))
        # One relation and one attribute per five spans: span n and span n + articles share an article.
        linked = [
            (name, text_sha256(texts[n % articles]), ids[name][n], ids[name][n + articles])
            for name in names
            for n in range(0, per_layer - articles, 5)
        ]
        relations = "id, document, annotator, created, source, target, type, note, updated"
        with conn.cursor().copy(f"COPY relations ({relations}) FROM STDIN") as copy:
            for name, sha, source, target in linked:
                copy.write_row(
                    (str(uuid.uuid4()), sha, name, CREATED, source, target, "supplies", "", CREATED)
                )
        with conn.cursor().copy(
            "COPY span_attributes (span, name, document, annotator, value) FROM STDIN"
        ) as copy:
            for name, sha, source, _ in linked:
                copy.write_row((source, "maker", sha, name, '"Huawei"'))
        conn.execute("ANALYZE")


def change_own_spans(project: Project, count: int, round_: int) -> None:
    rows = project.database.query(
        "SELECT id FROM spans WHERE annotator = ? ORDER BY id LIMIT ?", (project.annotator, count)
    )
    label = LABELS[round_ % len(LABELS)]
    with project.database.write() as db:
        db.conn.executemany(
            "UPDATE spans SET label = ?, updated = ? WHERE id = ?",
            [(label, time.strftime("%Y-%m-%dT%H:%M:%S"), row["id"]) for row in rows],
        )


def change_own_structure(project: Project, count: int, round_: int) -> None:
    """``count`` of her relations get a new note, and ``count`` of her span attributes a new value."""
    with project.database.write() as db:
        db.conn.execute(
            "UPDATE relations SET note = ? WHERE id IN "
            "(SELECT id FROM relations WHERE annotator = ? ORDER BY id LIMIT ?)",
            (f"round {round_}", project.annotator, count),
        )
        db.conn.execute(
            "UPDATE span_attributes SET value = ? WHERE span_id IN (SELECT a.span_id FROM span_attributes a "
            "JOIN spans s ON s.id = a.span_id WHERE s.annotator = ? ORDER BY a.span_id LIMIT ?)",
            (f'"maker {round_}"', project.annotator, count),
        )


def change_colleague_spans(url: str, colleague: str, count: int, round_: int) -> None:
    """A colleague's sync, as the hub sees it: 10,000 of their spans change, as their own role."""
    with psycopg.connect(conninfo.make_conninfo(url, user=colleague)) as conn:
        conn.execute(
            "UPDATE spans SET note = %s WHERE id IN "
            "(SELECT id FROM spans WHERE annotator = %s ORDER BY id LIMIT %s)",
            (f"round {round_}", colleague, count),
        )


def spread(samples: Samples) -> str:
    values = [value * 1000 for value in samples.wall]
    return f"min {min(values):,.0f} / median {statistics.median(values):,.0f} / max {max(values):,.0f} ms"


def timed(samples: Samples, action: Callable[[], SyncReport]) -> SyncReport:
    result: list[SyncReport] = []
    samples.time(lambda: result.append(action()))
    return result[0]


def main() -> None:
    argv = sys.argv[1:]
    hub = None
    if "--hub" in argv:  # the shared options plus this one
        at = argv.index("--hub")
        if at + 1 >= len(argv):
            raise SystemExit("--hub needs an address")
        hub = argv[at + 1]
        del argv[at : at + 2]
    args = options(__doc__ or "", argv)
    articles = max(int(ARTICLES * args.scale), 10)
    spans = max(int(SPANS * args.scale), 1_000)
    changed = max(int(CHANGED * args.scale), 10)
    args.workdir.mkdir(parents=True, exist_ok=True)
    with throwaway_hub(args.workdir) if hub is None else _given(hub) as url:
        run(url, args, articles, spans, changed)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def run(url: str, args: argparse.Namespace, articles: int, spans: int, changed: int) -> None:
    suffix = uuid.uuid4().hex[:6]
    names = [f"a{n:02d}_{suffix}" for n in range(ANNOTATORS)]
    init_hub(url)
    for name in names:
        add_member(url, name)
    started = time.perf_counter()
    fill_hub(url, names, articles, spans)
    print(
        f"hub filled: {articles:,} articles, {spans:,} spans by {len(names)} annotators "
        f"in {time.perf_counter() - started:.1f} s"
    )

    me, colleague = names[0], names[1]
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-hub-"))
    try:
        with Project.open(folder / "me.db", annotator=me) as project:
            connect_project(project, conninfo.make_conninfo(url, user=me))
            started = time.perf_counter()
            first = sync(project)
            print(
                f"first sync (everything received): {sum(first.received.values()):,} rows "
                f"in {time.perf_counter() - started:.1f} s"
            )
            session = HubSession(conninfo.make_conninfo(url, user=me))
            sent, received, idle, structure = Samples(), Samples(), Samples(), Samples()
            structured = min(changed // 2, spans // ANNOTATORS // 5 - articles // 5)
            for round_ in range(args.runs):
                change_own_structure(project, structured, round_)
                outcome = timed(structure, lambda: sync(project, session))
                assert outcome.sent["relations"] == outcome.sent["span_attributes"] == structured, (
                    outcome.summary()
                )
                change_own_spans(project, changed, round_)
                outcome = timed(sent, lambda: sync(project, session))
                assert outcome.sent["spans"] == changed, outcome.summary()
                change_colleague_spans(url, colleague, changed, round_)
                outcome = timed(received, lambda: sync(project, session))
                assert outcome.received["spans"] >= changed, outcome.summary()
                timed(idle, lambda: sync(project, session))
            session.close()
            document = project.database.query("SELECT id FROM documents ORDER BY title LIMIT 1")[0]["id"]
            rounds = itertools.count(args.runs)
            pauses = window_pauses(
                folder / "me.db",
                me,
                document,
                lambda: change_own_spans(project, changed, next(rounds)),
                lambda: change_colleague_spans(url, colleague, changed, next(rounds)),
                args.runs,
            )
            session = HubSession(conninfo.make_conninfo(url, user=me))
            print("\nPlans of a sync's change queries (a table with rows is read through its index on seq):")
            for plan in session.explain_pull(_latest(url)):
                print("  " + plan.replace("\n", "\n  "))
            session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"\nsend {changed:,} changed spans: {spread(sent)}")
    print(f"receive {changed:,} changed spans: {spread(received)}")
    print(f"send {structured:,} changed relations and {structured:,} attributes: {spread(structure)}")
    print(f"sync with nothing to do: {spread(idle)}\n")
    scaled = f"{articles:,} articles, {spans:,} spans, {len(names)} annotators"
    figures: list[Figure] = [
        sent.figure(f"sync sending {changed:,} changed spans", 2000, scaled),
        received.figure(f"sync receiving {changed:,} changed spans", 2000, scaled),
        structure.figure(
            f"sync sending {structured:,} relations and {structured:,} attributes", 2000, scaled
        ),
        idle.figure("sync with nothing to do", 100, scaled),
        *pauses,
    ]
    report(figures, args)


def _latest(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT max(seq) FROM spans").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


if __name__ == "__main__":
    main()
