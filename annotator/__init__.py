"""Annotator: highlight and tag character spans in articles, review colleagues' tags, export datasets."""

# The one place the version is defined: pyproject, --version, the About dialog and the bundle read it.
__version__ = "0.1.0"
