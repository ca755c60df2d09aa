"""The distribution's metadata: its name (chairbook; the import name stays booking), its links, and
extras that bring what the examples import (analyst.py's matplotlib was missing from every extra)."""
import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
STDLIB = set(sys.stdlib_module_names)
PIP_NAMES = {"dask": "dask", "distributed": "distributed", "matplotlib": "matplotlib", "pandas": "pandas",
             "pyarrow": "pyarrow"}


def imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - STDLIB - {"booking", "dask_tenants", "__future__"}


def requirement_names(extra: str) -> set[str]:
    return {r.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
            for r in PROJECT["optional-dependencies"][extra]}


def test_the_distribution_is_chairbook() -> None:
    assert PROJECT["name"] == "chairbook"
    assert PROJECT["urls"]["Repository"] == PROJECT["urls"]["Homepage"] == "https://github.com/chairbook/chairbook"
    assert (ROOT / "bindings/python/booking/__init__.py").exists()  # the import name stays booking


@pytest.mark.parametrize("example", sorted((ROOT / "examples/python").glob("*.py")), ids=lambda p: p.name)
def test_an_extra_brings_what_each_example_imports(example: pathlib.Path) -> None:
    extra = "dask" if example.name.startswith("dask_") else "examples"
    missing = {PIP_NAMES.get(n, n) for n in imports(example)} - requirement_names(extra)
    assert not missing, f"{example.name} imports {missing}, not in the [{extra}] extra"


def test_the_installed_metadata_says_so() -> None:
    from importlib import metadata

    meta = metadata.metadata("chairbook")
    assert meta["Name"] == "chairbook" and "examples" in meta.get_all("Provides-Extra")
    assert "dask" in meta.get_all("Provides-Extra")
