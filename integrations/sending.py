"""Send one request to an address a team typed, safely.

- https only, unless settings.WEBHOOKS_ALLOW_HTTP (development and tests);
- the name is resolved here, at send time, and every address it resolves to must be public
  (no loopback, private, link-local, metadata, multicast or reserved address), unless
  settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS (only the tests turn it on, and settings refuse it
  in production); the connection goes to the address that was checked, so a name re-pointed
  between the check and the connection cannot reach inside;
- no redirect is followed, a short timeout, and at most a few KiB of the answer are read.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

READ_LIMIT = 4096
EXCERPT = 200


class Refused(Exception):
    """The address is not one the portal sends to."""


@dataclass
class Answer:
    status: int | None
    duration_ms: int
    excerpt: str = ""
    error: str = ""
    retry_after: int | None = None


def _public(ip: str) -> bool:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked ip) or Refused."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise Refused("Only https addresses are allowed.")
    host = parts.hostname
    if not host or parts.username or parts.password:
        raise Refused("The address has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("The port is not valid.") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused("The host name does not resolve.") from None
    ips = sorted({info[4][0] for info in infos})
    if not ips:
        raise Refused("The host name does not resolve.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS and not all(_public(ip) for ip in ips):
        raise Refused("The address is not a public one.")
    return parts.scheme, host, port, ips[0]


def _pool(scheme: str, host: str, port: int, ip: str, timeout: float):
    common = {
        "port": port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            ip, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **common
        )
    return urllib3.HTTPConnectionPool(ip, **common)


def _connect(url: str, scheme: str, host: str, port: int, ip: str, timeout: float):
    """A pool to the checked `ip`, the request's path and its Host header."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = host if parts.port is None else f"{host}:{port}"
    return _pool(scheme, host, port, ip, timeout), path, host_header


@dataclass
class Fetched:
    status: int | None
    body: bytes = b""
    error: str = ""


def get(url: str, *, accept: str, limit: int = 65536, timeout: float = 3.0) -> Fetched:
    """GET a small public document (another instance's did.json, a status list) under the same
    rules as a webhook: the address checked after resolution (Refused is raised), no redirect,
    a short timeout, and an answer longer than `limit` bytes is an error, not read further."""
    pool, path, host_header = _connect(url, *resolve(url), timeout)
    try:
        response = pool.urlopen(
            "GET",
            path,
            headers={"Host": host_header, "Accept": accept, "User-Agent": "Modportal/1"},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            body = response.read(limit + 1, decode_content=False) or b""
        finally:
            response.release_conn()
            response.close()
    except urllib3.exceptions.TimeoutError:
        return Fetched(None, error="Timed out.")
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return Fetched(None, error=f"Could not connect: {type(error).__name__}"[:200])
    finally:
        pool.close()
    if len(body) > limit:
        return Fetched(response.status, error="The answer is too large.")
    return Fetched(response.status, body=body)


def post(url: str, body: bytes, headers: dict, *, timeout: float | None = None) -> Answer:
    timeout = timeout or settings.WEBHOOKS_TIMEOUT
    started = time.monotonic()

    def took():
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, ip = resolve(url)
    except Refused as refused:
        return Answer(None, took(), error=str(refused))
    pool, path, host_header = _connect(url, scheme, host, port, ip, timeout)
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={
                **headers,
                "Host": host_header,
                "Content-Type": "application/json",
                "User-Agent": "Modportal-Webhooks/1",
            },
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            chunk = response.read(READ_LIMIT, decode_content=False) or b""
        finally:
            response.release_conn()
            response.close()
    except urllib3.exceptions.TimeoutError:
        return Answer(None, took(), error="Timed out.")
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return Answer(None, took(), error=f"Could not connect: {type(error).__name__}"[:200])
    finally:
        pool.close()
    retry_after = None
    value = response.headers.get("Retry-After", "")
    if value.strip().isdigit():
        retry_after = min(int(value), 24 * 3600)
    return Answer(
        response.status,
        took(),
        excerpt=chunk[:EXCERPT].decode("utf-8", "replace"),
        retry_after=retry_after,
    )
