"""The shape of the package: layers only point down, and only the CLI knows option names."""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from pathlib import Path

import click
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "localize"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The module names an import statement names (``from p import m`` names p.m if m is one)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([base] if base else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere: top level, in functions, and under
    ``if TYPE_CHECKING`` (a type-only import is a dependency too). Importing ``a.b`` runs ``a``'s
    ``__init__`` as well; that implicit edge is not one a module chose, so it is not counted."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            names = _imported(node, name, path.name == "__init__.py")
            if isinstance(node, ast.ImportFrom):
                base, *members = names
                hits = [m for m in members if m in modules]
                # ``from p import x, m``: p for the names, p.m for the submodules
                names = hits + ([base] if len(hits) < len(members) else [])
            for target in names:
                while target and target not in modules:  # a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _path_through(graph: dict[str, set[str]], component: list[str]) -> str:
    """One circle in ``component``, as ``a -> b -> a``, for the failure message."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    while True:
        nxt = sorted(graph[path[-1]] & members)
        back = [n for n in nxt if n in seen]
        if back:
            return " -> ".join([*path[path.index(back[0]) :], back[0]])
        path.append(nxt[0])
        seen.add(nxt[0])


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    graph = import_graph()
    assert "localize.pipeline.workers" in graph["localize.pipeline.translate"]  # module level
    assert "localize.glossary" in graph["localize.review.checks"]  # TYPE_CHECKING and in functions
    assert "localize.catalog" in graph["localize.pipeline.update"]  # from localize import catalog
    assert "localize.catalog.gettextpo" in graph["localize.review.msgfmt"]  # inside a function
    assert "localize.segment" in graph["localize"]  # the public API's names


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert _path_through(graph, ["a", "b", "c"]) == "a -> b -> c -> a"
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_layers_only_point_down() -> None:
    """No module imports, directly or through others, a module that imports it."""
    graph = import_graph()
    circles = [_path_through(graph, c) for c in cycles(graph)]
    assert circles == []


# --- packages are entered by their front door -----------------------------------------------

# A package whose __init__ is its front door: outside it, modules import the package, and a
# submodule only where the front door offers it by name in ``__all__``.
FRONT_DOORS = [
    "localize.catalog",
    "localize.memory",
    "localize.pipeline",
    "localize.review",
    "localize.segment",
]


def front_door_breaches(graph: dict[str, set[str]], offered: dict[str, set[str]]) -> list[str]:
    breaches = []
    for module, targets in sorted(graph.items()):
        for door, names in offered.items():
            if module == door or module.startswith(door + "."):
                continue
            for target in sorted(targets):
                if target.startswith(door + "."):
                    if target[len(door) + 1 :].partition(".")[0] not in names:
                        breaches.append(f"{module} -> {target}")
    return breaches


def test_a_breach_of_a_front_door_is_found() -> None:
    graph = {"p": {"p.a"}, "p.a": {"p.b"}, "q": {"p.b", "p"}, "r": {"p.c"}}
    assert front_door_breaches(graph, {"p": {"c"}}) == ["q -> p.b"]


def test_packages_are_entered_by_their_front_door() -> None:
    """Where a catalog is written, merged or checked, where memory is consulted: one path each,
    because nobody outside the package reaches past its front door."""
    offered = {door: set(importlib.import_module(door).__all__) for door in FRONT_DOORS}
    assert front_door_breaches(import_graph(), offered) == []


def test_front_doors_only_re_export() -> None:
    """A front door defines nothing of its own: a docstring, imports and ``__all__``."""
    for door in FRONT_DOORS:
        path = PACKAGE.parent.joinpath(*door.split("."), "__init__.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            is_all = isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__"
            assert is_docstring or is_all or isinstance(node, (ast.Import, ast.ImportFrom)), (
                f"{path.name} of {door}:{node.lineno}"
            )


# --- only the CLI knows option names --------------------------------------------------------


def _cli_options() -> set[str]:
    """Every ``--long`` option any command (or group) of the CLI defines."""
    from localize.cli import cli

    names: set[str] = set()

    def walk(command: click.Command) -> None:
        for param in command.params:
            names.update(o for o in [*param.opts, *param.secondary_opts] if o.startswith("--"))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(cli)
    return names


def _texts(path: Path) -> list[tuple[int, str]]:
    """String literals of a module (docstrings and f-strings' literal parts included) and its
    comments, with their line numbers."""
    source = path.read_text(encoding="utf-8")
    texts = [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source, str(path)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            texts.append((token.start[0], token.string))
    return texts


# Modules that are not the library: the CLI package itself, and test helpers that run it.
NOT_LIBRARY = {"cli", "__main__.py", "testing.py"}


def test_no_library_module_mentions_a_cli_option() -> None:
    options = _cli_options()
    assert {"--to", "--allow-fuzzy", "--locale", "--models-dir"} <= options
    pattern = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {flag}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in NOT_LIBRARY
        for line, text in _texts(path)
        for flag in pattern.findall(text)
        if flag in options
    ]
    assert found == []


def test_the_cli_adds_its_own_option_to_a_library_error(project: Path, runner) -> None:
    """The library says what is missing; each command names its own option for it."""
    from localize.cli import cli
    from localize.config import load_config
    from localize.errors import UsageError
    from localize.pipeline import update_articles

    Path("localize.toml").write_text('articles = ["examples/*.txt"]\n', encoding="utf-8")
    with pytest.raises(UsageError) as err:
        update_articles([], config=load_config(Path("localize.toml")))
    assert str(err.value) == "no target locales: set 'locales' in localize.toml"
    assert err.value.setting == "locales"
    lacks = "localize: no target locales: set 'locales' in localize.toml, or pass"
    for args, option in [
        (["update"], "--to LANGS"),
        (["translate"], "--to LANGS"),
        (["status"], "--to LANGS"),
        (["check"], "--to LANGS"),
    ]:
        result = runner.invoke(cli, args)
        assert (result.exit_code, result.stderr) == (2, f"{lacks} {option}\n"), args


def test_an_installed_pair_is_replaced_only_with_the_option(
    tmp_path: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from localize.cli import cli
    from tests.test_models import fake_package

    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(tmp_path / "models"))
    archive = fake_package(tmp_path / "a.argosmodel")
    assert runner.invoke(cli, ["models", "install", str(archive)]).exit_code == 0
    again = runner.invoke(cli, ["models", "install", str(archive)])
    assert again.exit_code == 2
    assert again.stderr.endswith("); pass --replace to replace it\n")
    assert runner.invoke(cli, ["models", "install", "--replace", str(archive)]).exit_code == 0


# --- rooms of a size a reader can hold ---------------------------------------------------------

MAX_LINES = 700


def test_no_module_is_over_700_lines() -> None:
    """A module answers one question; past ~700 lines it has started answering several."""
    sizes = {
        str(path.relative_to(PACKAGE.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_no_module_imports_another_modules_private_name() -> None:
    """What siblings share is public inside the package; a leading underscore means "mine"."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("localize"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                found += [f"{path.name}: {node.module}.{name}" for name in private]
    assert [f for f in found if not f.endswith(".__version__")] == []
