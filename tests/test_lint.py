"""The code base passes ruff, so style problems fail the README's one test command."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or f"{sys.executable} -m ruff"
    done = subprocess.run(f"{ruff} check .".split(), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_never_imports_streamlit_or_plotly():
    for path in (ROOT / "collapse_core").rglob("*.py"):
        text = path.read_text()
        for banned in ("import streamlit", "import plotly", "from streamlit", "from plotly"):
            assert banned not in text, f"{path.name} uses {banned!r}"
