"""The selectors reactor turn by turn: a fixed script of client actions, one thread, real sockets.

:func:`step_through` runs an :class:`~.reactor.EchoReactor` on 127.0.0.1 without its
``serve`` loop: the same thread performs one client action of :data:`SCRIPT` (connect,
send, close, on blocking client sockets over loopback), then turns the reactor's loop by
hand (``select``, then the handlers it registered) until nothing is ready. Loopback
delivers a connection, bytes or a FIN before the client's call returns, so every run
makes the same turns. Each turn records the ready set by name, the handlers that ran,
the bytes they moved and the reactor's state afterwards.

The one liberty taken: sockets ready in the same turn are handled in name order (the
real loop takes them in the order the selector lists them, which is not specified).
"""

from __future__ import annotations

import re
import selectors
import socket

from .reactor import TIMEOUT_S, EchoReactor

# (client, action, payload): who does what between two stretches of reactor turns.
SCRIPT = (
    ("c1", "connect", b""),
    ("c2", "connect", b""),
    ("c1", "send", b"ping\n"),
    ("c3", "connect", b""),
    ("c2", "send", b"hel"),          # half a line: read, buffered, nothing to echo yet
    ("c2", "send", b"lo\n"),         # the rest: now a whole line to echo
    ("c1+c3", "send", b"go\n"),      # two clients at once: two sockets in one ready set
    ("c1", "close", b""),
    ("c2+c3", "close", b""),
)
_BYTES = re.compile(r"(read|write)\s+\S+ connection (\d+): (\d+) bytes")


def _mask_text(mask: int) -> str:
    return ("r" if mask & selectors.EVENT_READ else "") + (
        "w" if mask & selectors.EVENT_WRITE else "")


def _turn(reactor: EchoReactor, listener_name: str, timeout: float) -> dict | None:
    """One loop turn: select, then run the handler of each ready socket (in name order)."""
    names = {conn: f"c{state['id']}" for conn, state in reactor.buffers.items()}
    ready = reactor.selector.select(timeout=timeout)
    if not ready:
        return None
    named = sorted(((listener_name if key.fileobj is reactor.listener else names[key.fileobj]),
                    key, mask) for key, mask in ready)
    before = len(reactor.log)
    for _name, key, mask in named:
        key.data(key.fileobj, mask)  # the handler registered for this socket
    calls = []
    moved = {"read": 0, "write": 0}
    for line in reactor.log[before:]:
        kind = line.split()[0]
        match = _BYTES.match(line)
        who = f"c{line.split('connection ')[1].split(':')[0]}"
        if match:
            moved[kind] += int(match.group(3))
            calls.append(f"{kind} {who} {match.group(3)} B")
        else:
            calls.append(f"{kind} {who}")
    state = {f"c{s['id']}": s for s in reactor.buffers.values()}
    return {"ready": [f"{n}:{_mask_text(m)}" for n, _k, m in named], "handlers": calls,
            "log": reactor.log[before:],  # the reactor's own log lines for this turn
            "bytes_read": moved["read"], "bytes_written": moved["write"],
            "registered": sorted(state),
            "pending_out": {n: len(s["outbox"]) for n, s in sorted(state.items())},
            "partial_in": {n: len(s["inbox"]) for n, s in sorted(state.items())}}


def step_through(script=SCRIPT) -> dict:
    """Run ``script`` against a fresh reactor; return every turn and what the clients got.

    >>> run = step_through()
    >>> [t["handlers"] for t in run["turns"][:2]]
    [['accept c1'], ['accept c2']]
    >>> run["replies"]["c2"]
    b'hello\\n'
    """
    reactor = EchoReactor()
    clients: dict[str, socket.socket] = {}
    sent = {}
    replies: dict[str, bytes] = {}
    turns = []
    try:
        for who, action, payload in script:
            if action not in ("connect", "send", "close"):
                raise ValueError(f"action must be connect, send or close, got {action!r}")
            for name in who.split("+"):
                if (action == "connect") == (name in clients):
                    state = "is already connected" if name in clients else "is not connected"
                    raise ValueError(f"script must connect a client before it sends or closes, "
                                     f"and not twice: {name!r} {state}, cannot {action}")
                if action == "connect":
                    clients[name] = socket.create_connection(reactor.address,
                                                             timeout=TIMEOUT_S)
                    sent[name], replies[name] = b"", b""
                elif action == "send":
                    clients[name].sendall(payload)
                    sent[name] += payload
                else:  # close
                    clients.pop(name).close()
            # Something is ready now (loopback is synchronous): wait for it, then turn
            # until the selector reports nothing.
            timeout = TIMEOUT_S
            label = f"{who} {action}" + (f" {payload!r}" if payload else "")
            while (turn := _turn(reactor, "listener", timeout)) is not None:
                turn["after"] = label if timeout else ""  # the action, on its first turn
                turns.append(turn)
                timeout = 0.0
            for name, conn in clients.items():  # each client reads its echo
                whole = sent[name][:sent[name].rfind(b"\n") + 1]
                while len(replies[name]) < len(whole):
                    chunk = conn.recv(4096)
                    if not chunk:
                        raise ConnectionError(f"{name}: the reactor closed the connection")
                    replies[name] += chunk
        counts = dict(reactor.events)
        echoed = reactor.bytes_echoed
    finally:
        for conn in clients.values():
            conn.close()
        reactor.close()
    for i, turn in enumerate(turns):
        turn["turn"] = i
    return {"turns": turns, "sent": sent, "replies": replies, "events": counts,
            "bytes_echoed": echoed}
