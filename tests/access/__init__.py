"""The URL × actor matrix, one module per feature.

`tests/test_access_matrix.py` holds the rows of the apps that came first. A newer app adds a
module here (`tests/access/<app>.py`), found without editing any list, which may define:

- `MATRIX`: URL name → {actor: status of a GET}, built with the helpers below;
- `POST_MATRIX`: for POST-only URL names, {actor: outcome of a POST} (`DONE` for a write);
- `url(name, team) -> str | None`: the URL of one of its names (`None` for another app's);
- `post_data(name, team) -> dict | None`: the form a POST of one of its names sends;
- `write_requests(team) -> list[(capability or "owner", url, data)]`: writes that those
  without the capability must not be able to make;
- `NOT_HTML`: names whose answer is not an HTML page (feeds, JSON, files), left out of the
  browser sweep;
- `CHANGES`: prefixes of its names whose allowed POSTs must change a row.
"""

import importlib
import pkgutil
from functools import cache

from channels.defaults import DEFAULT_ROLES

ACTORS = ["anonymous", "outsider", "other_member", "staff", "trainee", "moderator", "lead", "owner"]
ROLE_OF = {"trainee": "Trainee", "moderator": "Moderator", "lead": "Lead Moderator"}
CAPABILITIES_OF = {spec["name"]: {str(c) for c in spec["capabilities"]} for spec in DEFAULT_ROLES}
LOGIN, NOT_FOUND, FORBIDDEN, OK, NOT_ALLOWED = 302, 404, 403, 200, 405
DONE = "done"  # a redirect to somewhere other than the login page: the write happened


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def signed_in(status):
    return {**everyone(status), "anonymous": LOGIN}


def private(capability=None, *, owner_only=False):
    """Channel team area: login, then 404 for non-members, then 403 without the capability."""
    row = {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "other_member": NOT_FOUND,
        "staff": NOT_FOUND,
        "owner": OK,
    }
    for actor, role_name in ROLE_OF.items():
        allowed = not owner_only and (
            capability is None or str(capability) in CAPABILITIES_OF[role_name]
        )
        row[actor] = OK if allowed else FORBIDDEN
    return row


def post_private(capability=None, *, owner_only=False):
    return {
        actor: DONE if status == OK else status
        for actor, status in private(capability, owner_only=owner_only).items()
    }


def may(actor: str, needed) -> bool:
    if actor == "owner":
        return True
    if actor not in ROLE_OF or needed == "owner":
        return False
    return str(needed) in CAPABILITIES_OF[ROLE_OF[actor]]


@cache
def modules():
    """Every feature module of this package, by name."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    ]


def collected(attribute: str) -> dict:
    rows = {}
    for module in modules():
        for name, row in getattr(module, attribute, {}).items():
            assert name not in rows, f"{name} has rows in two modules"
            rows[name] = row
    return rows


def first_answer(function: str, *args):
    for module in modules():
        answer = getattr(module, function, lambda *a: None)(*args)
        if answer is not None:
            return answer
    return None


def all_write_requests(team) -> list:
    return [w for m in modules() for w in getattr(m, "write_requests", lambda team: [])(team)]


def not_html() -> set:
    return {name for module in modules() for name in getattr(module, "NOT_HTML", ())}


def changing_prefixes() -> tuple:
    return tuple(prefix for module in modules() for prefix in getattr(module, "CHANGES", ()))
