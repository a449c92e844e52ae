"""Inter-annotator agreement as pure functions over plain data: no I/O, no SQL, no Qt.

Start at ``agreement.compute_agreement``; each measure's definition is documented in its own module.
"""
