"""Term lists and patterns of the label schema, read from CSV, and the suggestions they make.

A CSV file has a header row naming its columns: ``label`` and ``term`` are required; ``kind`` is
``term`` (the default) or ``regex``; ``aliases`` lists other spellings separated by ``|``; ``case`` is
``sensitive`` or ``ignore`` (the default). Every row is checked before anything is stored: one bad row
names its line and nothing is imported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from annotator.domain.errors import InputError
from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.domain.term_rules import PATTERN_SCORE, TERM_SCORE, RuleKind, TermRule, rule_matches
from annotator.services.project import Project
from annotator.storage import suggestions as suggestion_rows
from annotator.storage import term_rules as rule_rows
from annotator.storage.database import Database
from annotator.storage.labels import label_names
from annotator.storage.suggestion_queries import all_texts

REQUIRED_COLUMNS = ("label", "term")
_CASES = {"": False, "ignore": False, "insensitive": False, "sensitive": True}


@dataclass(frozen=True)
class TermImport:
    added: int
    updated: int

    def summary(self) -> str:
        return f"{self.added} term(s) or pattern(s) added, {self.updated} updated"


def read_terms_csv(path: Path, known_labels: set[str]) -> list[TermRule]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise InputError(
                    f"the header row needs the column(s) {', '.join(missing)}", path=path, line=1
                )
            reader.fieldnames = columns
            return [_rule(row, path, reader.line_num, known_labels) for row in reader]
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 text ({error.reason})", path=path) from error
    except csv.Error as error:
        raise InputError(f"is not a readable CSV file ({error})", path=path) from error
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error


def _rule(row: dict[str, str | None], path: Path, line: int, known_labels: set[str]) -> TermRule:
    def value(column: str) -> str:
        return (row.get(column) or "").strip()

    label = value("label")
    if label not in known_labels:
        known = ", ".join(sorted(known_labels))
        raise InputError(
            f"there is no label called '{label}' (known: {known})", path=path, line=line, field="label"
        )
    case = value("case").lower()
    if case not in _CASES:
        raise InputError("case must be 'sensitive' or 'ignore'", path=path, line=line, field="case")
    aliases = tuple(alias.strip() for alias in value("aliases").split("|") if alias.strip())
    try:
        return TermRule(
            label=label,
            kind=RuleKind(value("kind").lower() or "term"),
            pattern=value("term"),
            aliases=aliases,
            case_sensitive=_CASES[case],
        )
    except ValueError as error:  # an unknown kind, or the rule's own checks
        detail = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        detail = detail.removeprefix("Value error, ")
        raise InputError(detail, path=path, line=line) from error


def import_terms(project: Project, path: Path) -> TermImport:
    """Add the file's terms and patterns to the schema (one transaction)."""
    with project.database.write():
        rules = read_terms_csv(path, label_names(project.database))
        added, updated = rule_rows.upsert_rules(project.database, rules)
    return TermImport(added, updated)


def add_rule(project: Project, rule: TermRule) -> None:
    with project.database.write():
        if rule.label not in label_names(project.database):
            raise InputError(f"there is no label called '{rule.label}'")
        rule_rows.upsert_rules(project.database, [rule])


def delete_rules(project: Project, rule_ids: Iterable[int]) -> None:
    with project.database.write():
        rule_rows.delete_rules(project.database, rule_ids)


def list_rules(project: Project) -> list[TermRule]:
    return rule_rows.list_rules(project.database)


def term_suggestions(
    database: Database, labels: Iterable[str] | None = None, progress: Progress = NO_PROGRESS
) -> Iterator[Suggestion]:
    rules = rule_rows.list_rules(database, labels)
    if not rules:
        return
    total = int(database.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    for number, (document_id, text) in enumerate(all_texts(database)):
        if number % 200 == 0:
            progress.step(number, total)
        for rule in rules:
            score = PATTERN_SCORE if rule.kind is RuleKind.REGEX else TERM_SCORE
            for match in rule_matches(text, rule):
                yield Suggestion.model_construct(
                    id=0,
                    document_id=document_id,
                    start=match.start,
                    end=match.end,
                    label=rule.label,
                    text=text[match.start : match.end],
                    source=SuggestionSource.TERMS,
                    score=score,
                    provenance=rule.describe(),
                )


def refresh_terms(
    project: Project, *, labels: Iterable[str] | None = None, progress: Progress = NO_PROGRESS
) -> int:
    label_list = None if labels is None else sorted(set(labels))
    with project.database.write():
        found = list(term_suggestions(project.database, label_list, progress))
        return suggestion_rows.replace_suggestions(
            project.database, SuggestionSource.TERMS, found, labels=label_list
        )
