"""The code base passes ruff, so style problems fail the README's one test command."""

import ast
import shutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
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
            assert banned not in text, f"{path.relative_to(ROOT)} uses {banned!r}"


# --- imports between the project's modules ----------------------------------------------------

PACKAGES = ("collapse_core", "ui")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the packages and the modules of the packages it imports (anywhere in it,
    functions included; a package's __init__ only when it is imported by name)."""
    modules = {_module_name(path): path for package in PACKAGES
               for path in (ROOT / package).rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules
                          else node.module for alias in node.names}
        graph[name] = {imported for imported in found if imported in modules} - {name}
    return graph


def _family(module: str) -> str | None:
    """The family folder a module belongs to (None: not in one)."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["collapse_core", "families"] and len(parts) > 2 else None


def test_no_import_circles():
    try:
        TopologicalSorter(_imports()).prepare()
    except CycleError as error:
        raise AssertionError(f"an import circle: {' -> '.join(error.args[1])}") from None


def test_families_import_no_other_family_and_the_engine_reaches_them_by_the_registry():
    for module, imported in _imports().items():
        if not module.startswith("collapse_core"):
            continue
        family = _family(module)
        for target in imported:
            if family is not None:  # a family: itself and the engine, never the registry
                assert _family(target) in (None, family) and target != "collapse_core.families", (
                    f"{module} imports {target}")
            else:  # the engine: families only through the registry
                assert _family(target) is None, f"{module} imports {target}"
