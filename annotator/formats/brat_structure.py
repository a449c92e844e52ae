"""Relations, attributes and normalisations in brat standoff, and their part of ``annotation.conf``.

- a relation is ``R1<TAB>type Arg1:T1 Arg2:T2``; a symmetric type is declared ``<REL-TYPE>:symmetric`` in
  annotation.conf; brat's ``*<TAB>Equiv T1 T2 T3`` is read as symmetric relations along its list;
- an attribute is ``A1<TAB>name T1 value`` (``M`` lines are the same); a binary attribute without a value
  is read as yes; a link to the entity list is a normalisation, ``N1<TAB>Reference T1 name:ID<TAB>Huawei``,
  read as the attribute ``name`` with the text column (else the ID) as its value;
- a note on a relation is ``#1<TAB>AnnotatorNotes R1<TAB>note``.

brat values are names like the rest, so they are mapped as labels are (``brat_names``). brat has no kind of
value: annotation.conf carries ``# attribute-kind name kind`` comment lines (brat skips comments), so that
numbers and yes/no come back as such; without them a value is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain.structure import AttributeKind, AttributeValue, StructureSchema
from annotator.formats.brat_names import NameMap, encode
from annotator.formats.records import ExportDocument

KIND_COMMENT = "# attribute-kind"
_RELATION = re.compile(r"^(\S+) Arg1:(\S+) Arg2:(\S+)$")
_NORMALISATION = re.compile(r"^Reference (\S+) ([^:\s]+):(\S+)$")


def _flat(value: str) -> str:
    return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def value_name(value: AttributeValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def names_of(item: ExportDocument) -> set[str]:
    """Every relation type, attribute name and value the document writes (for the name map)."""
    found = {r.type for r in item.relations}
    labels = {span.id: span.label for span in item.spans}
    for span_id, values in item.attributes.items():
        for name, value in values.items():
            found.add(name)
            if _kind(item.structure, labels[span_id], name) is not AttributeKind.ENTITY:
                found.add(value_name(value))
    return found


@dataclass(frozen=True)
class Numbering:
    """Each span's T number, and the first free A and # numbers (the span lines used those before)."""

    spans: dict[str, int]
    attribute: int
    note: int


def lines(item: ExportDocument, numbering: Numbering, names: NameMap, used: dict[str, set[str]]) -> list[str]:
    """The A, N, R and relation-note lines of one document; ``used`` gathers attribute values written."""
    written: list[str] = []
    number = numbering.spans
    attribute, note = numbering.attribute, numbering.note
    labels = {span.id: span.label for span in item.spans}
    normalisation = 0
    for span_id, values in sorted(item.attributes.items(), key=lambda pair: number[pair[0]]):
        target = f"T{number[span_id]}"
        for name, value in sorted(values.items()):
            if _kind(item.structure, labels[span_id], name) is AttributeKind.ENTITY:
                normalisation += 1
                reference = f"{names[name]}:{encode(str(value))}"
                written.append(f"N{normalisation}\tReference {target} {reference}\t{_flat(str(value))}")
                continue
            written.append(f"A{attribute}\t{names[name]} {target} {names[value_name(value)]}")
            used.setdefault(name, set()).add(value_name(value))
            attribute += 1
    for index, relation in enumerate(item.relations, start=1):
        head, tail = number[relation.source_id], number[relation.target_id]
        written.append(f"R{index}\t{names[relation.type]} Arg1:T{head} Arg2:T{tail}")
        if relation.note:
            written.append(f"#{note}\tAnnotatorNotes R{index}\t{_flat(relation.note)}")
            note += 1
    return written


def configuration(
    schema: StructureSchema, names: NameMap, types: set[str], used: dict[str, set[str]]
) -> tuple[str, str]:
    """The [relations] and [attributes] lines for the relation types and attribute values written."""
    relations = []
    for name in sorted(types):
        relation_type = schema.relation_type(name)
        symmetric = relation_type is not None and not relation_type.directed
        relations.append(
            f"{names[name]}\tArg1:<ENTITY>, Arg2:<ENTITY>" + (", <REL-TYPE>:symmetric" if symmetric else "")
        )
    attributes = []
    kinds = {d.name: d.kind for d in schema.attributes}
    for name in sorted(used):
        values = "|".join(sorted(names[v] for v in used[name]))
        attributes.append(f"{names[name]}\tArg:<ENTITY>, Value:{values}")
        if name in kinds:
            attributes.append(f"{KIND_COMMENT} {names[name]} {kinds[name].value}")
    return "".join(f"{line}\n" for line in relations), "".join(f"{line}\n" for line in attributes)


def _kind(schema: StructureSchema, label: str, name: str) -> AttributeKind | None:
    return next((d.kind for d in schema.attributes if d.label == label and d.name == name), None)


# -- reading --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfFacts:
    symmetric: frozenset[str]
    kinds: dict[str, str]


def read_conf(text: str) -> ConfFacts:
    symmetric: set[str] = set()
    kinds: dict[str, str] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(KIND_COMMENT):
            parts = line.split()
            if len(parts) == 4:
                kinds[parts[2]] = parts[3]
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == "relations" and "<REL-TYPE>:symmetric" in line.replace(" ", ""):
            symmetric.add(line.split()[0])
    return ConfFacts(frozenset(symmetric), kinds)


def typed_value(value: str | None, kind: str | None) -> AttributeValue:
    """An attribute's value from a brat line: yes for a binary attribute, else typed as the conf says."""
    if value is None:
        return True
    if kind == AttributeKind.BOOLEAN.value and value in ("true", "false"):
        return value == "true"
    if kind == AttributeKind.NUMBER.value:
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value  # refused by the import with the attribute's name
    return value


def parse_relation(rest: str) -> tuple[str, str, str] | None:
    match = _RELATION.match(rest.strip())
    return (match[1], match[2], match[3]) if match else None


def parse_normalisation(rest: str) -> tuple[str, str, str] | None:
    """(target, attribute name, value) of an N line: the text column when there is one, else the ID."""
    head, _, text = rest.partition("\t")
    match = _NORMALISATION.match(head.strip())
    if match is None:
        return None
    return match[1], match[2], text.strip() or match[3]
