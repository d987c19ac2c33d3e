"""The selectors reactor on 127.0.0.1: concurrent clients, framing, bounds, clean stop."""

import socket
import threading

import pytest

from sysdesign.concurrency import EchoReactor, echo_clients, serving
from sysdesign.concurrency.experiments import event_loop_kind, reactor_run


def test_serves_several_clients_at_once():
    with serving() as server:
        replies = echo_clients(server.address, clients=8, lines=4)
    assert replies == [[f"client {i} line {n}\n".encode() for n in range(4)] for i in range(8)]
    assert server.peak_open == 8  # all eight were open together on one thread
    assert server.events["accept"] == 8
    assert server.events["read"] == server.events["write"] == 32
    assert server.open == 0 and server.listener.fileno() == -1  # everything closed


def test_lines_are_reassembled_from_pieces_and_split_when_sent_together():
    with serving() as server, socket.create_connection(server.address, timeout=5) as conn:
        conn.sendall(b"hel")
        conn.sendall(b"lo\nwor")
        conn.sendall(b"ld\nagain\n")
        received = b""
        while received.count(b"\n") < 3:
            received += conn.recv(4096)
    assert received == b"hello\nworld\nagain\n"


def test_the_loop_is_bounded_by_its_event_budget_and_its_deadline():
    reactor = EchoReactor()
    try:
        assert reactor.serve(timeout_s=0.1) == 0  # nobody came: it returns, no hang
        clients = [socket.create_connection(reactor.address, timeout=5) for _ in range(3)]
        assert reactor.serve(max_events=2, timeout_s=5) == 2  # two accepts, then stops
        assert reactor.events["accept"] == 2
        for c in clients:
            c.close()
    finally:
        reactor.close()


def test_it_stops_when_asked():
    reactor = EchoReactor()
    thread = threading.Thread(target=reactor.serve, kwargs={"timeout_s": 30})
    thread.start()
    reactor.stopping.set()
    thread.join(timeout=5)
    reactor.close()
    assert not thread.is_alive()


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.1", "example.org", ""])
def test_only_loopback_addresses_are_served(host):
    with pytest.raises(ValueError, match="host must be a loopback address"):
        EchoReactor(host)


def test_bad_client_counts_are_named():
    with pytest.raises(ValueError, match="clients must be"):
        echo_clients(("127.0.0.1", 9), clients=0)


def test_a_bad_timeout_is_refused_in_the_callers_thread():
    # serve() checks it too, but in the background thread, where no caller would see it.
    with pytest.raises(ValueError, match="timeout_s must be"), serving(timeout_s=-1):
        pass  # pragma: no cover - never reached


def test_the_notebook_run():
    run = reactor_run(clients=5, lines=3)
    assert run["replies_correct"] and run["peak_open_connections"] == 5
    assert run["handler_calls"] == {"accept": 5, "read": 15, "write": 15}
    assert run["asyncio_reply"] == b"hello from asyncio\n"
    assert run["open_after_stop"] == 0


def test_asyncio_on_this_platform_is_a_reactor_unless_windows():
    kind = event_loop_kind()
    import sys

    if sys.platform == "win32":  # pragma: no cover - the course runs on Linux
        assert kind["is ProactorEventLoop (proactor)"]
    else:
        assert kind["is SelectorEventLoop (reactor)"]
        assert kind["waits with"].endswith("Selector")


def test_a_client_that_resets_does_not_stop_the_server():
    import struct

    with serving() as server:
        rude = socket.create_connection(server.address, timeout=5)
        rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        rude.sendall(b"half a line")
        rude.close()  # linger 0: the server sees a reset
        replies = echo_clients(server.address, clients=2, lines=1)
    assert replies == [[b"client 0 line 0\n"], [b"client 1 line 0\n"]]


def test_stop_wakes_the_loop_and_leaves_only_the_listener_registered():
    """stop() writes to the loop's wake-up socket (the self-pipe trick): the loop returns,
    the wake-up counts as no handler call, and its sockets are gone afterwards."""
    reactor = EchoReactor()
    handled = []
    thread = threading.Thread(target=lambda: handled.append(reactor.serve(timeout_s=30)))
    thread.start()
    try:
        for _ in range(5000):  # until the loop has made its wake-up socket
            if reactor._waker is not None:
                break
            threading.Event().wait(0.001)
        reactor.stop()
        thread.join(timeout=5)
        assert not thread.is_alive() and handled == [0]
        assert reactor._waker is None
        assert [k.fileobj for k in reactor.selector.get_map().values()] == [reactor.listener]
        assert sum(reactor.events.values()) == 0
    finally:
        reactor.stop()
        thread.join(timeout=5)
        reactor.close()
