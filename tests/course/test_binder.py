"""Binder: build the environment from binder/ alone, as repo2docker does, and run every notebook.

Slow (a fresh virtual environment from the package index), so it runs once, here.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_binder_environment_runs_every_notebook():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "binder_check.py")],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "FAILED" not in result.stdout
    assert result.stdout.count(": ok") == len(list((ROOT / "notebooks").glob("[0-9]*.ipynb")))


def test_binder_requirements_pin_everything_and_install_the_package():
    lines = [line.strip() for line in (ROOT / "binder" / "requirements.txt").read_text()
             .splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == "."
    assert all("==" in line for line in lines[:-1]), "every Binder requirement is pinned"
    names = {line.split("==")[0].lower() for line in lines[:-1]}
    assert {"jupyterlab", "ipywidgets", "matplotlib", "pandas", "numpy"} <= names
