"""``annotator agreement``: how far annotators agree, as a table, JSON, CSV or HTML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import add_db_option, open_project
from annotator.metrics.render import figure
from annotator.metrics.report import AgreementReport

if TYPE_CHECKING:
    from annotator.services.structure_agreement import StructureAgreement


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "agreement",
        help="inter-annotator agreement: span F1, Cohen's and Fleiss' kappa, Krippendorff's alpha",
        description="Agreement between annotators over the documents they annotated (tagged something in, "
        "or marked done). The headline is the mean pairwise F1 of exact span matches.",
    )
    add_db_option(parser)
    # dest differs from the global --annotator (who you are): here the option chooses whom to compare.
    parser.add_argument(
        "--annotator",
        dest="compare",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="annotators to compare (repeatable; default: everyone with tagged or finished documents)",
    )
    parser.add_argument(
        "--label",
        dest="labels",
        action="extend",
        nargs="+",
        metavar="L",
        help="labels to include (default: all)",
    )
    parser.add_argument(
        "--document", dest="documents", action="extend", nargs="+", metavar="ID", help="documents to include"
    )
    parser.add_argument("--json", action="store_true", help="print every figure as JSON instead of a table")
    parser.add_argument("--csv", type=Path, metavar="OUT.csv", help="also write the report as CSV")
    parser.add_argument("--html", type=Path, metavar="OUT.html", help="also write the report as HTML")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.agreement import agreement_report, write_report_files
    from annotator.services.structure_agreement import structure_agreement

    with open_project(args) as project:
        report = agreement_report(
            project, annotators=args.compare, documents=args.documents, labels=args.labels
        )
        structure = structure_agreement(project, report.annotators)
    write_report_files(report, csv=args.csv, html=args.html)
    for path in (args.csv, args.html):
        if path is not None:
            print(f"wrote {path}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict() | {"structure": structure.to_dict()}, indent=2, ensure_ascii=False))
    else:
        print(report_table(report))
        if not structure.empty:
            print(structure_table(structure))
    return 0


def structure_table(structure: StructureAgreement) -> str:
    """Relations, attributes and document labels, below the span figures."""
    lines = ["", "relations        exact P      R     F1  lenient P      R     F1"]
    for pair in structure.relations:
        lines.append(
            f"{pair.first} / {pair.second}  {figure(pair.exact_precision):>7}  "
            f"{figure(pair.exact_recall):>5}  {figure(pair.exact_f1):>5}  "
            f"{figure(pair.lenient_precision):>9}  {figure(pair.lenient_recall):>5}  "
            f"{figure(pair.lenient_f1):>5}"
        )
    for title, items in (("attribute", structure.attributes), ("document labels", structure.document_labels)):
        if not items:
            continue
        lines += ["", f"{title:<24}  units  mean Cohen kappa  Fleiss kappa  Krippendorff alpha"]
        for item in items:
            kappas = [k for k in item.cohen_kappa.values() if k is not None]
            cohen = sum(kappas) / len(kappas) if kappas else None
            lines.append(
                f"{item.name:<24}  {item.units:>5}  {figure(cohen):>16}  {figure(item.fleiss_kappa):>12}  "
                f"{figure(item.krippendorff_alpha):>18}"
            )
    return "\n".join(lines)


def report_table(report: AgreementReport) -> str:
    lines = [
        f"mean pairwise F1  {figure(report.mean_pairwise_f1)} exact  "
        f"{figure(report.mean_pairwise_overlap_f1)} overlap",
        f"annotators: {', '.join(report.annotators)}; labels: {', '.join(report.labels) or 'none'}",
        f"documents: {report.documents} annotated, {report.compared_documents} by two or more, "
        f"{report.complete_documents} by all",
        "",
    ]
    width = max([len(f"{p.annotator_a} / {p.annotator_b}") for p in report.pairs] + [4])
    lines.append(
        f"{'pair':<{width}}  docs  exact P      R     F1  overlap P      R     F1  token kappa  char kappa"
    )
    for pair in report.pairs:
        name = f"{pair.annotator_a} / {pair.annotator_b}"
        exact, overlap = pair.exact, pair.overlap
        lines.append(
            f"{name:<{width}}  {pair.documents:>4}  {figure(exact.precision):>7}  {figure(exact.recall):>5}  "
            f"{figure(exact.f1):>5}  {figure(overlap.precision):>9}  {figure(overlap.recall):>5}  "
            f"{figure(overlap.f1):>5}  {figure(pair.token_kappa):>11}  {figure(pair.character_kappa):>10}"
        )
    width = max([len(item.label) for item in report.label_agreement] + [5])
    lines += ["", f"{'label':<{width}}  spans  exact F1  overlap F1  token alpha  char alpha  alpha_u"]
    for item in report.label_agreement:
        lines.append(
            f"{item.label:<{width}}  {sum(item.spans.values()):>5}  {figure(item.mean_exact_f1):>8}  "
            f"{figure(item.mean_overlap_f1):>10}  {figure(item.token_alpha):>11}  "
            f"{figure(item.character_alpha):>10}  {figure(item.unitizing_alpha):>7}"
        )
    lines += ["", "units            count  mean Cohen kappa  Fleiss kappa  Krippendorff alpha"]
    for units in (report.tokens, report.characters):
        lines.append(
            f"{units.level + 's':<12}  {units.units:>8}  {figure(units.mean_cohen_kappa):>16}  "
            f"{figure(units.fleiss_kappa):>12}  {figure(units.krippendorff_alpha):>18}"
        )
    unitizing = report.unitizing
    lines.append(
        f"\nunitizing alpha_u {figure(unitizing.alpha)} over {unitizing.characters} characters "
        f"of {unitizing.documents} document(s) annotated by all"
    )
    return "\n".join(lines)
