"""The reactor step-through: deterministic, complete, and the real reactor's behaviour."""

import socket
import time

import pytest

from sysdesign.concurrency import serving
from sysdesign.concurrency.experiments import reactor_steps, reactor_steps_table
from sysdesign.concurrency.reactor_steps import SCRIPT, step_through


def test_two_runs_make_the_same_turns():
    assert step_through() == step_through()
    assert str(reactor_steps_table(reactor_steps())) == str(reactor_steps_table(reactor_steps()))


def test_every_whole_line_sent_is_echoed_back_and_counted():
    run = step_through()
    assert run["replies"] == {"c1": b"ping\ngo\n", "c2": b"hello\n", "c3": b"go\n"}
    assert run["replies"] == run["sent"]  # every script line ends in a newline
    total = sum(len(b) for b in run["sent"].values())
    assert sum(t["bytes_read"] for t in run["turns"]) == total
    assert sum(t["bytes_written"] for t in run["turns"]) == total == run["bytes_echoed"]


def test_the_turns_show_readiness_buffering_and_two_ready_sockets():
    turns = step_through()["turns"]
    assert [t["handlers"] for t in turns[:2]] == [["accept c1"], ["accept c2"]]
    half = next(t for t in turns if t["after"] == "c2 send b'hel'")
    assert half["handlers"] == ["read c2 3 B"] and half["partial_in"]["c2"] == 3
    assert half["pending_out"]["c2"] == 0  # no whole line yet: nothing to write
    both = next(t for t in turns if t["after"].startswith("c1+c3 send"))
    assert both["ready"] == ["c1:r", "c3:r"]
    assert turns[both["turn"] + 1]["ready"] == ["c1:w", "c3:w"]  # write asked for after
    assert turns[-1]["registered"] == [] and turns[-1]["handlers"] == ["close c2", "close c3"]
    assert [t["turn"] for t in turns] == list(range(12))  # "twelve loop turns" (alt text)


def test_the_step_model_matches_the_reactors_own_loop():
    """The same script against EchoReactor.serve in its own thread: after each client
    action, once its loop has caught up, it has made the same handler calls."""
    run = step_through()
    per_action = []  # the reactor's log lines each client action leads to
    for t in run["turns"]:
        if t["after"]:
            per_action.append([])
        per_action[-1] += t["log"]
    calls = {k: 0 for k in ("accept", "read", "write", "close")}
    for t in run["turns"]:
        for h in t["handlers"]:
            calls[h.split()[0]] += 1
    assert calls == run["events"]
    with serving() as server:
        conns, sent, replies = {}, {}, {}
        for n, (who, action, payload) in enumerate(SCRIPT):
            for name in who.split("+"):
                if action == "connect":
                    conns[name] = socket.create_connection(server.address, timeout=5)
                    sent[name], replies[name] = b"", b""
                elif action == "send":
                    conns[name].sendall(payload)
                    sent[name] += payload
                    while len(replies[name]) < sent[name].rfind(b"\n") + 1:
                        replies[name] += conns[name].recv(4096)
                else:
                    conns.pop(name).close()
            done = sum(len(lines) for lines in per_action[:n + 1])
            deadline = time.monotonic() + 5
            while len(server.log) < done and time.monotonic() < deadline:
                time.sleep(0.001)  # let the reactor's thread catch up
            assert sorted(server.log[done - len(per_action[n]):]) == sorted(per_action[n])
    assert replies == run["replies"]
    assert dict(server.events) == run["events"]  # accept, read, write and close counts
    assert server.bytes_echoed == run["bytes_echoed"]


def test_a_bad_action_or_step_is_refused():
    with pytest.raises(ValueError, match="action"):
        step_through((("c1", "connect", b""), ("c1", "shout", b"")))
    with pytest.raises(ValueError, match="'c1' is not connected"):
        step_through((("c1", "send", b"ping\n"),))
    with pytest.raises(ValueError, match="'c1' is already connected"):
        step_through((("c1", "connect", b""), ("c1", "connect", b"")))
    with pytest.raises(ValueError, match="at_step"):
        reactor_steps(at_step=-1)
    assert reactor_steps(at_step=99)["at"] == len(step_through()["turns"]) - 1
