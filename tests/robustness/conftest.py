"""The whole robustness suite runs with sockets blocked: any connection attempt is recorded and fails the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

ATTEMPTS: list[str] = []


def _blocked(name: str) -> Any:
    def guard(*args: object, **kwargs: object) -> Any:
        ATTEMPTS.append(f"{name}{args[:2]!r}")
        raise OSError(f"network access blocked by the smtplint test suite ({name})")
    return guard


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    """Replace every way of opening a connection or resolving a name (session-wide, hypothesis-safe)."""
    with pytest.MonkeyPatch.context() as mp:
        for attr in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
            mp.setattr(socket.socket, attr, _blocked(f"socket.{attr}"))
        for attr in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            mp.setattr(socket, attr, _blocked(attr))
        yield


@pytest.fixture(autouse=True)
def _assert_no_network_attempt() -> Iterator[None]:
    """Fail the test that tried to connect, even when smtplint swallowed the error."""
    before = len(ATTEMPTS)
    yield
    assert ATTEMPTS[before:] == [], "smtplint tried to use the network"
