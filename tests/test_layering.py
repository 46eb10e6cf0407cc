"""Imports flow one way: apps import the base layer, the pages import the apps, never back."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("portal", "channels", "moderators", "resources")
APPS_ABOVE_THE_BASE = (
    "channels",
    "moderators",
    "resources",
    "portal.notifications",
    "portal.pages",
)
# The project's wiring names every app on purpose; the rest of portal/ is the base layer.
WIRING = {"settings.py", "urls.py", "celery.py", "wsgi.py", "asgi.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(node: ast.AST, path: Path) -> list[str]:
    """Absolute names of what an import statement imports (relative ones resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
    else:
        package = module_name(path).split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    if node.module:
        return [base]
    return [f"{base}.{alias.name}" for alias in node.names]


def is_within(name: str, packages) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def base_layer_files() -> list[Path]:
    portal = ROOT / "portal"
    files = []
    for path in sorted(portal.rglob("*.py")):
        relative = path.relative_to(portal)
        if relative.parts[0] in ("notifications", "pages") or str(relative) in WIRING:
            continue
        files.append(path)
    return files


def project_files() -> list[Path]:
    return [
        path
        for package in PROJECT_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def local_imports(path: Path) -> list[tuple[str, str, int]]:
    """(function, imported project module, line) for each import inside a function body."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            for name in imported_modules(node, path):
                if is_within(name, PROJECT_PACKAGES):
                    found.append((function.name, name, node.lineno))
    return found


def test_the_base_layer_imports_no_app():
    files = base_layer_files()
    assert ROOT / "portal" / "models.py" in files and ROOT / "portal" / "panels.py" in files
    upward = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text()))
        for name in imported_modules(node, path)
        if is_within(name, APPS_ABOVE_THE_BASE)
    ]
    assert upward == []


def test_the_checker_sees_relative_and_upward_imports():
    source = "from .notifications import notify\nfrom channels import selectors\n"
    tree = ast.parse(source)
    path = ROOT / "portal" / "example.py"
    names = [name for node in tree.body for name in imported_modules(node, path)]
    assert names == ["portal.notifications", "channels"]
    assert all(is_within(name, APPS_ABOVE_THE_BASE) for name in names)


def test_no_function_local_import_of_a_project_module():
    report = []
    for path in project_files():
        relative = str(path.relative_to(ROOT))
        app_package = module_name(path).split(".")[0]
        for function, name, line in local_imports(path):
            own_registration = (
                path.name == "apps.py" and function == "ready" and name.startswith(app_package)
            )
            if own_registration:
                continue
            report.append(f"{relative}:{line} in {function}() imports {name}")
    assert report == [], "import at module level instead (or split the module that cycles)"


def test_app_ready_may_import_its_own_registration_modules():
    path = ROOT / "channels" / "apps.py"
    names = [name for _, name, _ in local_imports(path)]
    assert "channels.panels" in names
