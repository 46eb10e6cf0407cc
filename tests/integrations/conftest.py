import socket

import pytest


@pytest.fixture
def public_dns(monkeypatch):
    """hooks.example.com and discord.com resolve to a public address (no network needed)."""
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in {"hooks.example.com", "discord.com"}:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
