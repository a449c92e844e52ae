"""Syncing a project with its team hub: send what changed here, then read what changed there.

Each batch is one transaction on each side. A batch the hub accepted is recorded here in one local
transaction; if the program stops in between, the next sync sends it again, the hub refuses it as made
from an old version, and the hub's row (the same change) is taken: nothing is lost or applied twice. A
change made from a stale copy (the same annotator on another machine changed the row first) is refused
by the hub too, and the hub's newer row replaces ours here: never a silent last-writer-wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from annotator.domain.errors import AnnotatorError
from annotator.services import hub_apply
from annotator.services.project import Project
from annotator.services.sync_report import SyncReport
from annotator.storage import hub_local, hub_rows
from annotator.storage.hub.connection import HubRefused
from annotator.storage.hub.exchange import HubRow, HubSession, Outgoing, PushResult
from annotator.storage.hub.tables import TABLES, HubTable, Writer

BATCH = 10_000  # rows per transaction: fewer commits, each flushing the search index, are faster
NOT_CONNECTED = "this project is not connected to a hub: run 'annotator hub connect URL' first"


class Hub(Protocol):
    """What a sync needs of the hub."""

    member: tuple[str, str] | None

    def push(self, table_name: str, changes: Sequence[Outgoing]) -> PushResult: ...
    def pull(self, after: int, limit: int) -> list[HubRow]: ...
    def close(self) -> None: ...


def open_hub(url: str) -> Hub:
    return HubSession(url)


def sync(project: Project, hub: Hub | None = None, *, batch: int = BATCH) -> SyncReport:
    """One full sync: everything pending here is sent, everything new there is applied."""
    url = hub_local.hub_url(project.database)
    if url is None:
        raise AnnotatorError(NOT_CONNECTED)
    session = hub if hub is not None else open_hub(url)
    try:
        if session.member is None:
            raise HubRefused("the hub does not know this login as a member; ask its curator")
        report = SyncReport()
        hub_local.widen_cache(project.database)
        for table in TABLES:
            _push_table(project, session, table, report, batch)
        _pull(project, session, report, batch)
        if report.received["label_renames"]:
            # Our own spans followed a curator's rename here; only we may relabel them on the hub.
            for table in TABLES:
                _push_table(project, session, table, report, batch)
        return report
    finally:
        if hub is None:
            session.close()


def team_progress(project: Project) -> list[str]:
    """Each annotator's progress, as synced: "bob: 12 done, 3 in progress"."""
    from annotator.storage.status import counts_by_annotator

    lines = []
    for name, counts in sorted(counts_by_annotator(project.database).items()):
        done, busy = counts.get("done", 0), counts.get("in_progress", 0)
        if done or busy:
            lines.append(f"{name}: {done:,} done, {busy:,} in progress")
    return lines


def _may_send(table: HubTable, row: dict[str, Any] | None, name: str, kind: str) -> bool:
    if kind == "reviewer":
        return False
    if table.writer is Writer.CURATOR:
        return kind == "curator"
    # A removed span is sent whoever's it was: the hub refuses to remove a colleague's, and it comes back.
    return row is None or row.get("annotator") == name


def _push_table(project: Project, hub: Hub, table: HubTable, report: SyncReport, batch: int) -> None:
    database = project.database
    assert hub.member is not None
    name, kind = hub.member
    after = ""
    while marked := hub_local.pending(database, table.name, batch, after):
        after = marked[-1][0]
        keys = [key for key, _ in marked]
        rows = hub_rows.local_rows(database, table.name, keys, name)
        bases = hub_local.versions(database, table.name, keys)
        documents = {str(row["_document"]) for row in rows.values() if "_document" in row}
        on_hub = hub_local.versions(database, "documents", documents)
        outgoing: list[Outgoing] = []
        local_key: dict[tuple[str, ...], tuple[str, int]] = {}
        dropped: list[str] = []
        for key, edits in marked:
            row, base = rows.get(key), bases.get(key, 0)
            if not _may_send(table, row, name, kind) or (row is None and not (table.tombstones and base)):
                dropped.append(key)
                continue
            document = row.get("_document") if row is not None else None
            if document is not None and table.name != "documents" and document not in on_hub:
                report.held_back += 1
                continue
            hub_key = (
                hub_rows.removed_key(database, table.name, key)
                if row is None
                else tuple(str(row[k]) for k in table.keys)
            )
            if hub_key is None:  # removed with its article, which the hub keeps
                dropped.append(key)
                continue
            outgoing.append(Outgoing(hub_key, row, base))
            local_key[hub_key] = (key, edits)
        if dropped:
            with database.write():
                hub_local.drop_pending(database, table.name, dropped)
            report.kept_local[table.name] += sum(1 for key in dropped if key in rows)
        if not outgoing:
            continue
        result = hub.push(table.name, outgoing)
        sent = {change.key: change.row for change in outgoing}
        with database.write():
            acks = [(*local_key[key], version) for key, version in result.accepted.items()]
            for theirs in result.refused:
                if not _same(table, sent.get(theirs.key()), theirs.values):
                    report.conflicts.append(hub_apply.describe(theirs))
                if not table.writable:  # a row that is never changed: the hub's is final, ours is sent
                    acks.append((*local_key[theirs.key()], theirs.version))
            hub_local.acknowledge(database, table.name, acks)
            hub_apply.apply(project, result.refused, report, force=True)
            hub_local.forget_versions(database, table.name, [local_key[key][0] for key in result.missing])
        report.sent[table.name] += len(result.accepted)


def _same(table: HubTable, mine: dict[str, Any] | None, theirs: dict[str, Any]) -> bool:
    """The hub already has this change (a retry of a batch it applied, or the same edit made twice)."""
    if mine is None:
        return bool(theirs.get("deleted"))
    return all(mine.get(c) == theirs.get(c) for c in table.columns if c != "updated")


def _pull(project: Project, hub: Hub, report: SyncReport, batch: int) -> None:
    database = project.database
    after = hub_local.cursor(database)
    while rows := hub.pull(after, batch):
        with database.write():
            hub_apply.apply(project, rows, report, force=False)
            hub_local.set_cursor(database, rows[-1].seq)
        after = rows[-1].seq
        if len(rows) < batch:
            break
