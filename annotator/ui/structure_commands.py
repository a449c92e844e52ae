"""Undo commands for relations, span attributes and document labels; each step is one transaction."""

from __future__ import annotations

from typing import Protocol

from annotator.domain.structure import Relation
from annotator.services import relations, structure, structure_review
from annotator.services.project import Project
from annotator.services.relations import AttributeEdit, RelationEdit
from annotator.services.structure import DocumentLabelEdit
from annotator.services.structure_review import GoldEdit
from annotator.storage.gold_structure import GoldRelation
from annotator.ui.commands import _SpanCommand


class StructureSink(Protocol):
    @property
    def project(self) -> Project: ...

    def structure_changed(self, document_id: str) -> None: ...

    def command_failed(self, error: Exception, action: str) -> None: ...


class AddRelationCommand(_SpanCommand):
    def __init__(self, sink: StructureSink, relation: Relation) -> None:
        super().__init__(sink, f"add a {relation.type} relation")  # type: ignore[arg-type]
        self.relation = relation

    def forward(self) -> None:
        relations.restore_relation(self.sink.project, self.relation)
        self.sink.structure_changed(self.relation.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        relations.remove_relation(self.sink.project, self.relation)
        self.sink.structure_changed(self.relation.document_id)  # type: ignore[attr-defined]


class DeleteRelationCommand(AddRelationCommand):
    def __init__(self, sink: StructureSink, relation: Relation) -> None:
        super().__init__(sink, relation)
        self.setText(f"delete a {relation.type} relation")

    def forward(self) -> None:
        super().backward()

    def backward(self) -> None:
        super().forward()


class RelationEditCommand(_SpanCommand):
    def __init__(self, sink: StructureSink, edit: RelationEdit, text: str) -> None:
        super().__init__(sink, text)  # type: ignore[arg-type]
        self.before, self.after = edit

    def forward(self) -> None:
        relations.replace_relation(self.sink.project, self.before, self.after)
        self.sink.structure_changed(self.after.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        relations.replace_relation(self.sink.project, self.after, self.before)
        self.sink.structure_changed(self.after.document_id)  # type: ignore[attr-defined]


class AttributeFormCommand(_SpanCommand):
    """Every change of one attribute form, undone and redone together."""

    def __init__(self, sink: StructureSink, document_id: str, edits: list[AttributeEdit]) -> None:
        super().__init__(sink, f"set {', '.join(e.name for e in edits)}")  # type: ignore[arg-type]
        self.document_id = document_id
        self.edits = edits

    def forward(self) -> None:
        relations.undo_attribute_edits(self.sink.project, self.edits, backward=False)
        self.sink.structure_changed(self.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        relations.undo_attribute_edits(self.sink.project, self.edits, backward=True)
        self.sink.structure_changed(self.document_id)  # type: ignore[attr-defined]


class DocumentLabelCommand(_SpanCommand):
    def __init__(self, sink: StructureSink, edit: DocumentLabelEdit) -> None:
        super().__init__(sink, f"set the article's {edit.label_set}")  # type: ignore[arg-type]
        self.edit = edit

    def forward(self) -> None:
        edit = self.edit
        structure.set_document_labels(
            self.sink.project, edit.document_id, edit.label_set, edit.after, seen=edit.before
        )
        self.sink.structure_changed(edit.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        edit = self.edit
        structure.set_document_labels(
            self.sink.project, edit.document_id, edit.label_set, edit.before, seen=edit.after
        )
        self.sink.structure_changed(edit.document_id)  # type: ignore[attr-defined]


class GoldRelationCommand(_SpanCommand):
    """A relation taken into the gold layer; undo takes it out again."""

    def __init__(self, sink: StructureSink, taken: GoldRelation) -> None:
        super().__init__(sink, f"take a {taken.type} relation into gold")  # type: ignore[arg-type]
        self.taken = taken

    def forward(self) -> None:
        structure_review.restore_gold_relation(self.sink.project, self.taken)
        self.sink.structure_changed(self.taken.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        structure_review.remove_gold_relation(self.sink.project, self.taken)
        self.sink.structure_changed(self.taken.document_id)  # type: ignore[attr-defined]


class GoldEditCommand(_SpanCommand):
    """An attribute value or a label set's choices taken into gold; undo puts back what gold had."""

    def __init__(self, sink: StructureSink, edit: GoldEdit) -> None:
        super().__init__(sink, f"take {edit.key[1]} into gold")  # type: ignore[arg-type]
        self.edit = edit

    def forward(self) -> None:
        structure_review.undo_gold_edit(self.sink.project, self.edit, backward=False)
        self.sink.structure_changed(self.edit.document_id)  # type: ignore[attr-defined]

    def backward(self) -> None:
        structure_review.undo_gold_edit(self.sink.project, self.edit, backward=True)
        self.sink.structure_changed(self.edit.document_id)  # type: ignore[attr-defined]
