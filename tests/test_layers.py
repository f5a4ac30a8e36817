"""The data flows one way: the core that understands a question and writes a reply never speaks Telegram,
SQLite, asyncio or HTTP, and no module of bot/ reaches back round to itself through its imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
CORE = ["bot.knowledge", "bot.matching", "bot.answers", "bot.conversation", "bot.context", "bot.memory", "bot.timeline",
        "bot.texts"]
SHELL_ONLY = ("telegram", "sqlite3", "asyncio", "httpx")


def _core_modules() -> list[str]:
    names = []
    for name in CORE:
        package = BOT / name.removeprefix("bot.").replace(".", "/")
        if package.is_dir():
            names += [_module_name(path) for path in sorted(package.rglob("*.py"))]
        else:
            names.append(name)
    return names


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.slow
@pytest.mark.parametrize("module", _core_modules())
def test_the_core_imports_no_telegram_sqlite_asyncio_or_http(module: str) -> None:
    probe = f"import sys, {module}; print(' '.join(sorted(m for m in {SHELL_ONLY!r} if m in sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} pulls in {done.stdout.strip()}"


def _imports(path: Path) -> set[str]:
    """The bot modules `path` imports, at the top or inside a function; `if TYPE_CHECKING:` blocks aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *filter(None, [base])])
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "bot"}


def test_no_module_in_bot_imports_itself_round_a_cycle() -> None:
    modules = {_module_name(path): path for path in BOT.rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    # A package's __init__ importing its own modules is how it re-exports them, not a cycle.
    graph = {name: {m for m in deps if not (modules[name].name == "__init__.py" and m.startswith(f"{name}."))}
             for name, deps in graph.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*trail[trail.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
