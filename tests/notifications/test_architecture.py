"""The notifications app's modules import one way, at module level, with no cycle."""

import ast
from pathlib import Path

import pytest

import portal.notifications

APP = Path(portal.notifications.__file__).parent
MODULES = sorted(APP.glob("*.py"))


def is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def nested_imports(tree: ast.Module) -> list[int]:
    """Lines of imports inside a function or class (not `if TYPE_CHECKING:` blocks)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            lines += [
                inner.lineno
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
            ]
    return lines


def sibling_imports(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_import_hides_inside_a_function(path):
    assert nested_imports(ast.parse(path.read_text())) == []


def test_the_modules_import_each_other_without_a_cycle():
    graph = {path.stem: sibling_imports(ast.parse(path.read_text())) for path in MODULES}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, f"import cycle: {' -> '.join((*trail, module))}"
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, (*trail, module))
        done.add(module)

    for module in graph:
        visit(module, ())
    # Sending knows nothing of who enqueues it: no task or service import in delivery.
    assert not graph["delivery"] & {"tasks", "services", "views"}
    assert graph["tasks"] == {"delivery"}
