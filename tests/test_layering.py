"""Imports flow one way, and the rules take their apps from INSTALLED_APPS, so a new app is
checked the day it is installed:

- the base layer (the user model, Markdown, storage, the registries, notifications: `portal`
  and `portal.notifications`) imports no app;
- channels, the tenant, imports no feature app;
- no app imports a gathering page (`portal.pages`: home, dashboard, hub, team health);
- no function-local import of a project module anywhere in product code (they hide cycles);
- an app plugs in only from its one plug-in module, `<app>/plugin.py`, which its
  `AppConfig.ready()` imports.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BASE = ("portal", "portal.notifications")
TENANT = "channels"
GATHERING = "portal.pages"
# The project's wiring names every app on purpose.
WIRING = {"portal.settings", "portal.urls", "portal.wsgi", "portal.asgi"}
# Where the registries are defined: their own register functions call the registry's.
REGISTRY_MODULES = {
    "portal.registry",
    "portal.events",
    "portal.panels",
    "portal.pagecache",
    "portal.personalpages",
    "portal.tasks",
    "portal.notifications.registry",
    "portal.personal_data",
    "channels.tabs",
    "channels.team_columns",
    "channels.health",
    "channels.audit",
    "norms.hooks",
    "moderators.services.invitations",
    "moderators.extensions",
}
REGISTERING = {
    "register",
    "register_tab",
    "register_team_column",
    "register_health_section",
    "register_panel",
    "register_beat_task",
    "register_invitee_check",
    "register_application_section",
    "register_version_links",
    "register_norm_link",
    "register_channel_source",
    "register_actions",
    "declare",
    "subscribe",
}


def project_apps() -> list[str]:
    """The installed apps whose code is in this repository, from the settings."""
    names = []
    for entry in settings.INSTALLED_APPS:
        config = next((c for c in apps.get_app_configs() if c.name == entry), None)
        name = config.name if config else entry
        if (ROOT / Path(*name.split("."))).is_dir():
            names.append(name)
    return names


def feature_apps() -> list[str]:
    return [name for name in project_apps() if name not in (*BASE, TENANT, GATHERING)]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_within(name: str, packages) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def owner(module: str) -> str:
    """The installed app a module belongs to: the longest app name that contains it."""
    return max((app for app in project_apps() if is_within(module, [app])), key=len, default="")


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


def product_files() -> list[Path]:
    """Every module of every project app, migrations aside."""
    roots = {app.split(".")[0] for app in project_apps()}
    return [
        path
        for package in sorted(roots)
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def files_of(app: str) -> list[Path]:
    """The app's own modules, without those of apps nested in it (portal.notifications…)."""
    return [p for p in product_files() if owner(module_name(p)) == app]


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        (name, node.lineno)
        for node in ast.walk(tree)
        for name in imported_modules(node, path)
        if owner(name)
    ]


def violations(app: str, forbidden) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in files_of(app)
        if module_name(path) not in WIRING
        for name, line in imports(path)
        if owner(name) in forbidden
    ]


def test_the_layers_come_from_installed_apps():
    assert set(BASE) | {TENANT, GATHERING} <= set(project_apps())
    assert {"moderators", "norms", "resources", "community", "debriefs", "twitch"} <= set(
        feature_apps()
    )
    assert owner("portal.notifications.services") == "portal.notifications"
    assert owner("portal.pages.views") == GATHERING and owner("portal.markdown") == "portal"


def test_the_base_layer_imports_no_app():
    above = [TENANT, GATHERING, *feature_apps()]
    assert [v for app in BASE for v in violations(app, above)] == []


def test_channels_imports_no_feature_app_and_no_gathering_page():
    assert violations(TENANT, [GATHERING, *feature_apps()]) == []


def test_no_feature_app_imports_a_gathering_page():
    assert [v for app in feature_apps() for v in violations(app, [GATHERING])] == []


def test_the_checker_sees_relative_and_upward_imports():
    source = "from .notifications import notify\nfrom channels import selectors\n"
    path = ROOT / "portal" / "example.py"
    names = [name for node in ast.parse(source).body for name in imported_modules(node, path)]
    assert names == ["portal.notifications", "channels"]
    assert [owner(name) for name in names] == ["portal.notifications", TENANT]


def local_imports(path: Path) -> list[tuple[str, str, int]]:
    """(function, imported project module, line) for each import inside a function body."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            for name in imported_modules(node, path):
                if owner(name):
                    found.append((function.name, name, node.lineno))
    return found


def test_no_function_local_import_of_a_project_module():
    report = [
        f"{path.relative_to(ROOT)}:{line} in {function}() imports {name}"
        for path in product_files()
        for function, name, line in local_imports(path)
    ]
    assert report == [], "import at module level instead (or split the module that cycles)"


def test_the_checker_sees_a_local_import(tmp_path):
    path = ROOT / "channels" / "example.py"
    tree = "def ready(self):\n    from .plugin import x\n"
    node = ast.parse(tree).body[0].body[0]
    assert imported_modules(node, path) == ["channels.plugin"]


def is_djangos(func) -> bool:
    """Django's own registries (the admin site, system checks) and Python-Markdown's (an
    extension adding its tree processor) are not the portal's extension points."""
    receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
    return receiver in ("admin", "admin.site", "site", "self.admin_site", "checks") or (
        receiver.endswith(".treeprocessors")
    )


def registrations(path: Path) -> list[tuple[str, int]]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in REGISTERING and not is_djangos(func):
                calls.append((name, node.lineno))
    return calls


def test_apps_plug_in_only_from_their_plugin_module():
    report = [
        f"{path.relative_to(ROOT)}:{line} calls {name}()"
        for path in product_files()
        if path.name != "plugin.py" and module_name(path) not in REGISTRY_MODULES
        for name, line in registrations(path)
    ]
    assert report == [], "register from <app>/plugin.py"


def test_each_app_that_plugs_in_imports_its_plugin_module_when_ready():
    for app in project_apps():
        plugin = ROOT / Path(*app.split(".")) / "plugin.py"
        config = next(c for c in apps.get_app_configs() if c.name == app)
        if plugin.exists():
            assert f"{app}.plugin" in __import__("sys").modules, app
            source = (ROOT / Path(*app.split(".")) / "apps.py").read_text()
            assert 'import_module(f"{self.name}.plugin")' in source, app
        else:
            assert type(config).ready is type(config).__mro__[-2].ready or app == "portal", app
