"""Where other apps plug into the norms pages, registered from their plug-in modules (norms
imports no app that uses them). A published version is the domain event `norms.published`
(norms/audit.py): an app that reacts to it subscribes (portal/events.py); its occurrence
carries the `version` (the target) and the `previous` version as subjects.

- `register_version_links(fn)`: `fn(channel=, version=)` returns `[(label, url)]` shown with a
  version's change summary (with `version=None`: with the draft about to be published). One
  query each.
- `register_norm_link(label=, url_name=)`: a link on each norm of the team's norms page,
  reversed with the channel's slug and the norm's draft id.
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.registry import Registry, qualified_name


@dataclass(frozen=True)
class NormLink:
    label: str
    url_name: str


version_link_sources: Registry[Callable] = Registry("norms version link", key=qualified_name)
norm_link_registry: Registry[NormLink] = Registry("norm link", key=lambda link: link.url_name)


def register_version_links(fn: Callable) -> None:
    version_link_sources.register(fn)


def register_norm_link(*, label, url_name: str) -> None:
    norm_link_registry.register(NormLink(label=label, url_name=url_name))


def version_links(*, channel, version) -> list[tuple[str, str]]:
    return [link for fn in version_link_sources for link in fn(channel=channel, version=version)]


def norm_links() -> list[tuple[str, str]]:
    return [(link.label, link.url_name) for link in norm_link_registry]
