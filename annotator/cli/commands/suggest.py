"""``annotator suggest``: fill or refresh suggestions headlessly, or measure them on held-out articles."""

from __future__ import annotations

import argparse
import sys

from annotator.cli.common import add_db_option, open_project
from annotator.cli.terminal import PercentLine
from annotator.domain.progress import Progress
from annotator.domain.suggestions import SuggestionSource

SOURCES = {
    "strings": SuggestionSource.STRINGS,
    "terms": SuggestionSource.TERMS,
    "model": SuggestionSource.MODEL,
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "suggest",
        help="fill or refresh suggestions from tagged strings, term lists and a trained model",
        description=(
            "Refresh suggestions (default: tagged strings and term lists; the model when named with "
            "--source model), or with --evaluate print each source's precision, recall and F1 per label "
            "on a held-out fifth of the tagged articles."
        ),
    )
    add_db_option(parser)
    parser.add_argument(
        "--source",
        action="append",
        choices=sorted(SOURCES),
        help="a source to refresh or evaluate (repeatable; default: strings and terms, or all three "
        "with --evaluate)",
    )
    parser.add_argument("--label", action="append", help="only this label (repeatable)")
    parser.add_argument(
        "--terms", metavar="CSV", help="first add the term lists and patterns of this CSV file"
    )
    parser.add_argument("--evaluate", action="store_true", help="measure instead of refreshing")
    parser.add_argument(
        "--import-predictions",
        metavar="FILE",
        help="store the predictions of a Label Studio task list (.json) or of Prodigy/spaCy span data "
        "(.jsonl) as suggestions, with their scores, instead of refreshing",
    )
    parser.add_argument(
        "--export-predictions",
        metavar="OUT",
        help="write your open suggestions as Label Studio predictions (OUT.json) or Prodigy tasks "
        "(OUT.jsonl) instead of refreshing",
    )
    parser.set_defaults(handler=run)


def _progress() -> Progress:
    return Progress(PercentLine("… "), what="suggest")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotator.services.suggest import QUICK_SOURCES, check_labels, refresh
    from annotator.services.suggest_eval import evaluate
    from annotator.services.term_lists import import_terms

    with open_project(args) as project:
        if args.terms:
            print(import_terms(project, Path(args.terms)).summary())
        labels = check_labels(project, args.label)
        if args.import_predictions or args.export_predictions:
            from annotator.services.suggestion_files import export_predictions, import_predictions

            if args.import_predictions:
                print(import_predictions(project, Path(args.import_predictions)).summary())
            if args.export_predictions:
                articles, regions = export_predictions(project, Path(args.export_predictions))
                kind = (
                    "Prodigy tasks"
                    if args.export_predictions.lower().endswith(".jsonl")
                    else "Label Studio predictions"
                )
                print(f"wrote {regions:,} suggestion(s) of {articles} article(s) as {kind}")
            return 0
        if args.evaluate:
            sources = [SOURCES[name] for name in args.source] if args.source else list(SOURCES.values())
            print(evaluate(project, sources, labels, _progress()).table())
            return 0
        chosen = [SOURCES[name] for name in args.source] if args.source else list(QUICK_SOURCES)
        report = refresh(project, chosen, labels, _progress())
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(report.summary())
    return 0
