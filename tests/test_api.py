"""The public API: ``localize.__all__``, loaded lazily, typed, and nothing else on import."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import localize

PACKAGE = Path(localize.__file__).resolve().parent


def test_every_public_name_resolves_and_is_listed() -> None:
    assert localize.__all__[0] == "__version__"
    assert len(set(localize.__all__)) == len(localize.__all__)
    assert set(localize.__all__) - {"__version__"} == set(localize._PUBLIC)
    for name in localize.__all__:
        assert getattr(localize, name) is not None
        assert name in dir(localize)
    assert localize.extract_catalog is localize.catalog.extract


def test_the_api_is_small() -> None:
    """About thirty names: the functions a newsroom's code calls, their options, the root error
    (and the one whose ``pairs`` a caller reads); result types live in ``localize.types``."""
    assert len(localize.__all__) - 1 <= 30


def test_result_types_are_importable_from_one_module() -> None:
    """Every type a public function takes or returns is ``localize.<name>``, in
    ``localize.types``, or the standard library's / polib's."""
    import re

    import localize.types as types

    assert set(types.__all__) == set(types._PUBLIC)
    for name in types.__all__:
        assert getattr(types, name).__name__ == name
    known = set(localize.__all__) | set(types.__all__)
    outside = {"Path", "Iterator", "Iterable", "Sequence", "Mapping", "Callable", "IO", "None"}
    for name in localize.__all__:
        obj = getattr(localize, name)
        if not inspect.isfunction(obj):
            continue
        signature = inspect.signature(obj)
        annotations = [str(p.annotation) for p in signature.parameters.values()]
        annotations.append(str(signature.return_annotation))
        for word in re.findall(r"(?<![.\w])[A-Z]\w*", " ".join(annotations)):
            assert word in known | outside, (name, word)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'localize' has no attribute 'nothing'"):
        localize.nothing  # noqa: B018
    assert not hasattr(localize, "shown")


def _type_checking_imports(path: Path) -> dict[str, tuple[str | None, str]]:
    """What a module's ``if TYPE_CHECKING`` block imports: name -> (module, name there)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    return {
        alias.asname or alias.name: (node.module, alias.name)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_type_checkers_see_the_same_names_as_run_time() -> None:
    """The ``if TYPE_CHECKING`` imports name each public object where ``_PUBLIC`` loads it."""
    assert _type_checking_imports(PACKAGE / "__init__.py") == localize._PUBLIC


def test_the_types_module_declares_what_it_loads() -> None:
    import localize.types as types

    assert _type_checking_imports(PACKAGE / "types.py") == types._PUBLIC


def test_import_localize_loads_no_module_of_the_toolkit() -> None:
    """``import localize`` is as cheap as a version string: the names load on first use."""
    code = "import sys, localize; print(sorted(m for m in sys.modules if m.startswith('localize')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['localize', 'localize._lazy', 'localize._version']"
    code = (
        "import sys, localize.types; localize.types.Finding; "
        "print('polib' in sys.modules, 'babel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]  # check's own imports, nothing more


def test_public_functions_are_typed() -> None:
    for name in localize.__all__:
        obj = getattr(localize, name)
        if not inspect.isfunction(obj):
            continue
        signature = inspect.signature(obj)
        untyped = [
            p for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty
        ]
        assert untyped == [], name
        assert signature.return_annotation is not inspect.Signature.empty, name


def test_the_package_ships_its_type_hints_and_data() -> None:
    """PEP 561: ``py.typed`` in the package, and setup.cfg puts it in the wheel, with the line
    break data the catalog writer reads."""
    import configparser

    setup = configparser.ConfigParser()
    setup.read(PACKAGE.parent / "setup.cfg", encoding="utf-8")
    data = setup["options.package_data"]
    shipped = {key: [f.strip() for f in data[key].split(",")] for key in data}
    assert shipped["localize"] == ["py.typed"]
    assert shipped["localize.catalog"] == ["linebreak.txt"]
    for key, names in shipped.items():
        folder = PACKAGE.parent.joinpath(*key.split("."))
        assert all(list(folder.glob(name)) for name in names), key
