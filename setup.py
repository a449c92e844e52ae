"""Wheels carry ``resources/`` and ``seeds/`` inside the package, as ``annotator/_shipped/``.

Everything else is configured in pyproject.toml. The two folders live at the top of the repository (the
PyInstaller bundle and a checkout read them there, see annotator/paths.py), and setuptools package data
cannot reach outside the package, so the build copies them in. Editable installs read them in place.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("resources", "seeds")


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "annotator" / "_shipped"
        for name in SHIPPED:
            shutil.copytree(root / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithShippedFiles})
