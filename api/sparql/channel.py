"""Framing between the server and its query workers over a Unix socket pair.

A frame is one kind byte, a 4-byte big-endian length and the payload. The worker writes with
blocking sockets; the server reads with asyncio, so a slow or stuck worker never blocks the
event loop and a killed worker shows up as an end of stream.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from dataclasses import dataclass
from typing import Any

READY = b"R"  # worker -> server: store opened, payload {} or {"error": ...}
JOB = b"J"  # server -> worker: a query to run (JSON)
HEAD = b"H"  # worker -> server: results follow, payload {"format": key}
DATA = b"D"  # worker -> server: a chunk of serialised results
END = b"E"  # worker -> server: the results are complete
ERROR = b"X"  # worker -> server: payload {"status": int, "message": str}

_HEADER = struct.Struct(">cI")
MAX_FRAME = 64 * 1024 * 1024


@dataclass(frozen=True)
class Frame:
    kind: bytes
    payload: bytes

    def json(self) -> Any:
        return json.loads(self.payload.decode("utf-8"))


def encode(kind: bytes, payload: bytes = b"") -> bytes:
    return _HEADER.pack(kind, len(payload)) + payload


def encode_json(kind: bytes, value: Any) -> bytes:
    return encode(kind, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def send(sock: socket.socket, kind: bytes, payload: bytes = b"") -> None:
    sock.sendall(encode(kind, payload))


def send_json(sock: socket.socket, kind: bytes, value: Any) -> None:
    sock.sendall(encode_json(kind, value))


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = sock.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


def receive(sock: socket.socket) -> Frame | None:
    """Blocking read of one frame (worker side); ``None`` once the server has gone."""
    header = _recv_exactly(sock, _HEADER.size)
    if header is None:
        return None
    kind, size = _HEADER.unpack(header)
    payload = _recv_exactly(sock, size)
    return None if payload is None else Frame(kind, payload)


async def read(reader: asyncio.StreamReader) -> Frame:
    """Read one frame (server side); raises ``asyncio.IncompleteReadError`` at end of stream."""
    kind, size = _HEADER.unpack(await reader.readexactly(_HEADER.size))
    if size > MAX_FRAME:
        raise ValueError(f"frame of {size} bytes from a query worker")
    return Frame(kind, await reader.readexactly(size))
