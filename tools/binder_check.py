"""Build the Binder environment as repo2docker would, from binder/ alone, and run every notebook.

repo2docker reads binder/runtime.txt (the Python version) and runs
``pip install -r binder/requirements.txt`` from the repository root; the root
pyproject.toml is ignored when binder/ exists, which is why requirements.txt ends
with ``.`` to install the package. This script repeats those steps in a fresh
virtual environment (no Docker here), then executes each notebook in a scratch
copy with that environment's own Jupyter, and fails on any error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    version = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    python = shutil.which(f"python{version}")
    if python is None:
        print(f"python{version} (binder/runtime.txt) is not on PATH", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "binder-env"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        # --no-compile: byte-compiling every installed package takes longer than the checks;
        # what the notebooks import is compiled on first use anyway.
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]
        started = time.monotonic()
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        # Exactly repo2docker's step: requirements from binder/, run at the repo root.
        subprocess.run(pip + ["-r", "binder/requirements.txt"], cwd=ROOT, check=True)
        print(f"environment built in {time.monotonic() - started:.0f} s", flush=True)
        work = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("*.py"))

        def run(notebook: Path):
            return notebook, subprocess.run(
                [str(venv / "bin" / "jupyter"), "execute", "--inplace", notebook.name],
                cwd=work, capture_output=True, text=True)

        failures = []
        notebooks = sorted(work.glob("[0-9][0-9]_*.ipynb"))
        # Each notebook runs in its own kernel: run as many at once as there are cores.
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            for notebook, result in pool.map(run, notebooks):
                status = "ok" if result.returncode == 0 else "FAILED"
                print(f"{notebook.name}: {status}", flush=True)
                if result.returncode:
                    failures.append(notebook.name)
                    print(result.stderr[-3000:], file=sys.stderr)
        import_check = subprocess.run([str(venv / "bin" / "python"), "-c",
                                       "import sysdesign; print(sysdesign.__file__)"],
                                      cwd=tmp, capture_output=True, text=True)
        print("sysdesign imported from", import_check.stdout.strip() or import_check.stderr)
        return 1 if failures or import_check.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
