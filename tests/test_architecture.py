"""The layers hold, read from the source (AST), not from a running app.

- ``sim/`` is the simulation: it imports neither Streamlit nor Plotly.
- A view's modules do not import another view's modules. A module belongs to a view by its package only:
  ``ui/lecture/``, ``ui/lab/`` or ``ui/compare/``. Shared code (``ui/player/``, ``ui/common/``) belongs to none.
- No import cycles among the project's modules (``app``, ``sim``, ``ui``, ``views``, ``bench``, ``room``): a cycle
  through an import inside a function counts too, as it still ties two modules together.

- Sizes: no file of the app (``app.py``, ``sim/``, ``ui/``, ``room/``, ``views/``, ``bench/``) over
  MAX_FILE_LINES lines, no function over MAX_FUNCTION_LINES (from its ``def`` to its last line). Tests are exempt.

Imports under ``if TYPE_CHECKING:`` are left out: they do not run.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "ui", "views", "bench", "room")
VIEWS = ("lecture", "lab", "compare")
NOT_IN_SIM = ("streamlit", "plotly")
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    """``ui/lab/text.py`` -> ``ui.lab.text``; ``ui/lab/__init__.py`` -> ``ui.lab``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the app: ``app`` and each package's modules, by dotted name."""
    files = [ROOT / "app.py", *(p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py")))]
    return {module_name(path): path for path in files}


MODULES = project_modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    """The absolute name a ``from ... import`` refers to (relative imports resolved against ``importer``)."""
    if not level:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def imported(name: str) -> set[str]:
    """Every module that ``name``'s source imports (any module, not only the project's), by dotted name.

    ``from ui.lab import text`` imports ``ui.lab.text`` when that is a module, else (a name defined in
    ``ui/lab/__init__.py``) ``ui.lab``.
    """
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = {id(node) for n in ast.walk(tree) if isinstance(n, ast.If) and _is_type_checking(n.test)
               for child in n.body for node in ast.walk(child)}  # fmt: skip
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node.module, node.level, name, path.name == "__init__.py")
            for alias in node.names:
                whole = f"{source}.{alias.name}"
                found.add(whole if whole in MODULES else source)
    return found


IMPORTS = {name: imported(name) for name in MODULES}


def view_of(name: str) -> str | None:
    """The view a ``ui`` module belongs to, by its package (``ui.lab.text`` -> ``lab``), or None if shared."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "ui" and parts[1] in VIEWS:
        return parts[1]
    return None


def project_imports(name: str) -> set[str]:
    """The project's modules that ``name`` imports (importing ``a.b`` names the module ``a.b``, not ``a``)."""
    out = set()
    for target in IMPORTS[name]:
        while target and target not in MODULES:  # ``import ui.lab.text.something``: the longest known prefix
            target = target.rpartition(".")[0]
        if target and target != name:
            out.add(target)
    return out


def cycles() -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a sorted list of names."""
    graph = {name: sorted(project_imports(name)) for name in MODULES}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return groups


def test_the_rules_see_the_whole_project():
    """Guards the checks below against reading nothing: the modules and imports they judge are there."""
    assert {"sim.policy", "sim.config", "ui.lab.page", "ui.lecture.page", "ui.compare.page", "views.lab", "app"} <= set(
        MODULES
    )
    assert "numpy" in IMPORTS["sim.policy"] and "streamlit" in IMPORTS["ui.lab.page"]
    assert "ui.lab.text" in IMPORTS["ui.lab.page"]  # from ui.lab import text as lab_text
    assert "ui.lab.page" in IMPORTS["views.lab"]  # from ui.lab import page
    assert view_of("ui.lab.text") == view_of("ui.lab") == view_of("ui.lab.page") == "lab"
    assert view_of("ui.lecture.predict") == "lecture" and view_of("ui.compare.sections") == "compare"
    assert view_of("ui.player.layers") is None and view_of("ui.common.theme") is None and view_of("sim.lab") is None
    assert view_of("ui.lab_text") is None  # a flat name no longer places a module in a view


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n == "sim" or n.startswith("sim.")))
def test_the_simulation_imports_neither_streamlit_nor_plotly(name):
    bad = sorted(m for m in IMPORTS[name] if m.split(".")[0] in NOT_IN_SIM)
    assert not bad, f"{MODULES[name].relative_to(ROOT)} imports {', '.join(bad)}: sim/ must stay pure Python + numpy"


def test_no_view_imports_another_views_modules():
    crossings = [
        f"{name} ({view_of(name)}) imports {target} ({view_of(target)})"
        for name in sorted(MODULES)
        if view_of(name)
        for target in sorted(project_imports(name))
        if view_of(target) not in (None, view_of(name))
    ]
    assert not crossings, "a view imports another view's module; move what they share out of both:\n" + "\n".join(
        crossings
    )


def test_there_are_no_import_cycles():
    found = cycles()
    assert not found, "import cycles (each line: modules that import each other, directly or through others):\n" + (
        "\n".join(" <-> ".join(group) for group in found)
    )


def test_the_cycle_finder_finds_a_cycle(monkeypatch):
    """The finder itself, on a made-up graph: two modules importing each other, and a third outside."""
    fake = {"ui.a": {"ui.b"}, "ui.b": {"ui.a", "numpy"}, "ui.c": {"ui.a"}}
    monkeypatch.setitem(globals(), "MODULES", dict.fromkeys(fake, ROOT))
    monkeypatch.setitem(globals(), "IMPORTS", fake)
    assert cycles() == [["ui.a", "ui.b"]]


def test_no_file_is_too_long():
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in MODULES.values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert not long, f"files over {MAX_FILE_LINES} lines; split them by responsibility:\n" + "\n".join(long)


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Each function or method in ``path`` longer than ``limit`` lines (nested ones too), as ``name (lines)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > limit
    ]


def test_no_function_is_too_long():
    long = [f"{path.relative_to(ROOT)}: {name}" for path in MODULES.values() for name in long_functions(path)]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines; split them by part:\n" + "\n".join(long)


def test_the_size_rules_measure(tmp_path):
    """The function measure itself, on a made-up file: a function of 61 lines is caught, one of 60 is not."""
    body = "\n".join(f"    x{i} = {i}" for i in range(59))
    source = tmp_path / "made_up.py"
    source.write_text(f"def short():\n{body}\n\n\ndef long():\n{body}\n    return x0\n")
    assert long_functions(source) == ["long (61 lines)"]
    assert {"app", "room.store", "bench.load", "views.lab"} <= set(MODULES)


# The lecture's math stands apart: the step, the config and training, readable in one sitting.
STEP_IMPORTS = {"sim.optimizer"}  # the only module of the project that the step's module may import
CORE = ("sim.policy", "sim.optimizer", "sim.config", "sim.training", "sim.walkthrough")
MAX_PUBLIC_NAMES = 12  # what a notebook user needs from ``from sim import …``


def test_the_step_imports_only_adam():
    assert project_imports("sim.policy") <= STEP_IMPORTS, sorted(project_imports("sim.policy"))


def test_importing_the_step_loads_the_step_and_adam_alone():
    code = "import sys, sim.policy; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'sim')))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == ["sim", "sim.optimizer", "sim.policy"]


def test_sim_names_few_public_names():
    import sim

    assert len(sim.__all__) <= MAX_PUBLIC_NAMES, sim.__all__
    for name in sim.__all__:
        assert getattr(sim, name).__name__ == name  # each one is there, loaded on first use
        assert name not in {m.rpartition(".")[2] for m in MODULES if m.startswith("sim.")}  # a submodule hides it


def test_the_truth_and_the_core_never_reach_into_the_experiments_or_the_ui():
    for name in sorted(MODULES):
        if name in CORE or name.startswith("sim.truth"):
            reached = sorted(m for m in project_imports(name) if m.startswith(("sim.experiments", "ui", "room")))
            assert not reached, f"{name} imports {reached}"
