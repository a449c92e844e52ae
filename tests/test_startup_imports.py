"""Start-up does not pay for libraries only agreement needs: NumPy and pandas stay unimported until then."""

from __future__ import annotations

import subprocess
import sys


def test_opening_the_window_module_imports_neither_numpy_nor_pandas() -> None:
    code = (
        "import sys\n"
        "import annotator.ui.main_window, annotator.cli.main\n"
        "print(sorted(name for name in ('numpy', 'pandas') if name in sys.modules))\n"
        "from annotator.metrics.agreement import compute_agreement\n"
        "import sqlite_utils\n"
        "print('numpy' in sys.modules, sqlite_utils.Database is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.splitlines() == ["[]", "True True"]


def test_the_window_loads_formats_reports_and_markdown_only_when_first_needed() -> None:
    lazy = (
        "annotator.formats.registry",
        "annotator.services.exporting",
        "annotator.metrics.report",
        "markdown",
    )
    code = (
        "import sys\n"
        "import annotator.ui.app, annotator.ui.main_window\n"
        f"print(sorted(name for name in {lazy!r} if name in sys.modules))\n"
        "from annotator.ui.export_dialog import ExportDialog\n"
        "from annotator.ui.label_text import markdown_to_html\n"
        "markdown_to_html('*x*')\n"
        f"print(sorted(name for name in {lazy!r} if name not in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.splitlines() == ["[]", "['annotator.metrics.report']"]
