"""Where other apps plug into norms, registered from their `AppConfig.ready()` (norms imports
no app that uses them):

- `register_publish_hook(fn)`: `fn(version=, previous=, actor=)` runs inside `norms_publish`'s
  transaction, after the version exists, so what it writes commits or rolls back with it.
- `register_version_links(fn)`: `fn(channel=, version=)` returns `[(label, url)]` shown with a
  version's change summary (with `version=None`: with the draft about to be published). One
  query each.
- `register_norm_link(label=, url_name=)`: a link on each norm of the team's norms page,
  reversed with the channel's slug and the norm's draft id.
"""

from collections.abc import Callable

_publish_hooks: dict[str, Callable] = {}
_version_links: dict[str, Callable] = {}
_norm_links: dict[str, tuple[str, str]] = {}


def _key(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_publish_hook(fn: Callable) -> None:
    _publish_hooks[_key(fn)] = fn


def register_version_links(fn: Callable) -> None:
    _version_links[_key(fn)] = fn


def register_norm_link(*, label, url_name: str) -> None:
    _norm_links[url_name] = (label, url_name)


def run_publish_hooks(*, version, previous, actor) -> None:
    for fn in _publish_hooks.values():
        fn(version=version, previous=previous, actor=actor)


def version_links(*, channel, version) -> list[tuple[str, str]]:
    return [link for fn in _version_links.values() for link in fn(channel=channel, version=version)]


def norm_links() -> list[tuple[str, str]]:
    return list(_norm_links.values())
