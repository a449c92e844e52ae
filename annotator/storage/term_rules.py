"""Rows of the label schema's term lists and patterns (table ``label_terms``)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from annotator.domain.term_rules import RuleKind, TermRule
from annotator.storage.database import Database


def list_rules(database: Database, labels: Iterable[str] | None = None) -> list[TermRule]:
    rows = database.conn.execute(
        "SELECT id, label, kind, pattern, aliases, case_sensitive FROM label_terms "
        "WHERE label IN (SELECT name FROM labels) ORDER BY label, kind, pattern"
    ).fetchall()
    wanted = set(labels) if labels is not None else None
    return [
        TermRule(
            id=rule_id,
            label=label,
            kind=RuleKind(kind),
            pattern=pattern,
            aliases=tuple(json.loads(aliases)),
            case_sensitive=bool(case_sensitive),
        )
        for rule_id, label, kind, pattern, aliases, case_sensitive in rows
        if wanted is None or label in wanted
    ]


def upsert_rules(database: Database, rules: Iterable[TermRule]) -> tuple[int, int]:
    """Add rules, or update aliases and case of a rule already there; returns (added, updated)."""
    db = database.joined()
    added = updated = 0
    for rule in rules:
        aliases = json.dumps(list(rule.aliases), ensure_ascii=False)
        existing = db.conn.execute(
            "SELECT aliases, case_sensitive FROM label_terms WHERE label = ? AND kind = ? AND pattern = ?",
            (rule.label, rule.kind.value, rule.pattern),
        ).fetchone()
        if existing is None:
            db.conn.execute(
                "INSERT INTO label_terms (label, kind, pattern, aliases, case_sensitive) "
                "VALUES (?, ?, ?, ?, ?)",
                (rule.label, rule.kind.value, rule.pattern, aliases, int(rule.case_sensitive)),
            )
            added += 1
        elif tuple(existing) != (aliases, int(rule.case_sensitive)):
            db.conn.execute(
                "UPDATE label_terms SET aliases = ?, case_sensitive = ? "
                "WHERE label = ? AND kind = ? AND pattern = ?",
                (aliases, int(rule.case_sensitive), rule.label, rule.kind.value, rule.pattern),
            )
            updated += 1
    return added, updated


def delete_rules(database: Database, rule_ids: Iterable[int]) -> None:
    db = database.joined()
    db.conn.executemany("DELETE FROM label_terms WHERE id = ?", [(i,) for i in rule_ids])
