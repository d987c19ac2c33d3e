# %% [markdown]
# # 28 · Concurrency models: threads, processes, asyncio, reactors and actors
#
# Run the same batch of work on one thread, a thread pool, a process pool and asyncio, and see where the GIL stops threads from helping; serve several clients at once from a single thread with a reactor built on `selectors`, and compare it with a proactor; then step through actors, their mailboxes and a supervisor that restarts them after a crash.

# %% [markdown]
# <!-- nav -->
# [← 27 · A/B testing: sample size, significance and the peeking problem](27_ab_testing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [29 · Design a URL shortener →](29_url_shortener.ipynb)

# %% [markdown]
# ## What you will learn
# - What one thread, a thread pool, a process pool and asyncio each buy on CPU-bound and on
#   I/O-bound work, why CPython's GIL caps threads at one CPU for Python code, and what
#   changes on a free-threaded build; a closed-form bound, a simulation, and real timings.
# - How a reactor serves many connections on one thread (readiness: `selectors`, epoll),
#   how a proactor differs (completion: IOCP, io_uring), and which one asyncio runs.
# - The actor model: private state, mailboxes, one message at a time, and supervisors that
#   restart a crashed actor with fresh state (Erlang/OTP, Akka).
#
# Builds on: [25 · Performance](25_performance.ipynb) (queues, Little's law, a real server
# on 127.0.0.1) and [17 · Resilience](17_resilience.ipynb) (failures and retries). The
# models are in `src/sysdesign/concurrency/`: `speedup.py` (the bound and its simulation),
# `timing.py` (real runs), `reactor.py` (the server) and `actors.py`.

# %%
from sysdesign.concurrency import (
    ActorSystem,
    Counter,
    experiments,
    plots,
    runtime,
    simulate,
    speedup,
    widgets,
)
from sysdesign.core.exercises import check

# %% [markdown]
# ## Four ways to run a batch, and the GIL
#
# A task here runs some Python code on a CPU, then waits for I/O (a database, a disk,
# another service) without using a CPU. Four ways to run many of them:
#
# - **one thread**: one task after another;
# - **a thread pool** of k threads (`concurrent.futures.ThreadPoolExecutor`);
# - **a process pool** of k processes (`ProcessPoolExecutor`), each its own interpreter;
# - **asyncio**: one thread, every task a coroutine; a task that awaits I/O lets the others run.
#
# In CPython a thread must hold the **global interpreter lock** (GIL) to run Python
# bytecode, so at most one thread runs Python code at a time; a thread releases the GIL
# while it blocks on I/O (and C code such as hashing or NumPy may release it too). So
# threads overlap their *waits*, not their *Python code*.
#
# That gives a closed form. A batch cannot go faster than its k workers can cycle (k
# tasks per task length), nor faster than the CPUs allowed to run Python can get through
# the Python parts: p CPUs, each task using a share s of its time on the CPU. The speed-up
# over one thread is at most **min(k, p / s)**: the asymptotic bound of operational
# analysis (Lazowska et al., 1984), with p CPUs serving the Python parts. For threads under the GIL p = 1; for processes, or
# threads on a free-threaded build, p = the cores in use; asyncio has one thread (p = 1)
# but keeps every task in flight (k unbounded). The bound is optimistic for threads: it
# ignores what handing the GIL over costs (a thread that wants it while another runs
# Python waits out the switch interval, 5 ms by default, before it asks the holder to let
# go; the holder lets go at its next check, and the operating system picks the thread
# that runs next).

# %%
{model: speedup(model, workers=32, cpu_share=0.1, cores=8)
 for model in ("one thread", "thread pool", "process pool", "asyncio")}

# %% [markdown]
# For a task that spends 10 % of its time in Python, 32 threads on 8 cores reach at most
# 10 times one thread: the waits overlap, and the Python parts queue for the GIL. 32
# processes can reach 32 (the CPU limit, 8 / 0.1 = 80, is not hit), and asyncio can reach
# the same 10 as the threads with a single thread. Batches like these run on the course's event
# engine (`simulate`: each task takes a free CPU in arrival order, runs, then waits); the
# tests check it against SimPy and show it never beats the bound. With 64 tasks of 10 ms
# (1 ms of Python), pools of 8 and 4 cores:

# %%
{model: round(simulate(model, tasks=64, workers=8, cpu_ms=1, wait_ms=9, cores=4)["speedup"], 2)
 for model in ("one thread", "thread pool", "process pool", "asyncio")}

# %% [markdown]
# The bound for both pools is 8, their size. The process pool comes close (7.9); the
# thread pool falls a little shorter (7.36), because its tasks queue for the one CPU that
# may run Python and at times several want it at once. asyncio reaches 8.77 of its bound
# of 10: the last task's wait overlaps nothing (the batch takes 64 × 1 ms of Python code
# plus one 9 ms wait). The figure puts both kinds of work side by
# side, for pools of 1 to 16 on 4 cores (lines: the bound; dots: the simulation):

# %%
curves = widgets.speedup_curves_panel()  # 4 cores, GIL; right: tasks with 10 % CPU
curves.snapshot()

# %% [markdown]
# On CPU-bound work (left), only the process pool speeds up, and it stops at the number of
# cores: more processes than cores just take turns. Threads and asyncio stay at 1. On
# mostly-waiting work (right), threads and processes grow with the pool; the threads stop
# at 1 / s = 10 under the GIL (the processes would stop at 4 cores / s = 40), and asyncio
# gets the threads' ceiling with no pool at all. Switch the interpreter to free-threaded: the thread pool then
# follows the process pool. Move the CPU share and the cores:

# %%
# NBVAL_IGNORE_OUTPUT
curves

# %% [markdown]
# ### Measured on this machine
#
# Now for real. Which interpreter runs this notebook? A free-threaded build (PEP 703,
# CPython 3.13+, configured with `--disable-gil`) says `Py_GIL_DISABLED` in its build
# configuration, and `sys._is_gil_enabled()` (3.13+) says whether the GIL is on right now:
# such a build turns it back on if asked (`-X gil=1`) or if an extension module needs it.
# Older versions have neither, and always have the GIL:

# %% tags=["nbval-ignore-output"]
# Measured: the interpreter and machine this notebook runs on (version, build, cores).
info = runtime()
case = ("free-threaded build, GIL off: threads can run Python in parallel"
        if not info["gil_enabled"] else "GIL on: one thread at a time runs Python code")
print(info, "->", case, sep="\n")

# %% [markdown]
# A batch of 8 CPU-bound tasks (a pure-Python loop) and a batch of 8 I/O-bound tasks, each
# run four ways, with pools of 4. The I/O is a **stand-in**: each task sleeps 10 ms
# (`time.sleep`, or `asyncio.sleep` under asyncio), which, like a blocking `recv` on a
# socket, releases the GIL and uses no CPU while it waits. The process pool is started
# before the clock starts and reused for both batches (with the `fork` start method on
# Linux and `spawn` elsewhere, since fork is unsafe on macOS; passed explicitly, as the
# default changes in Python 3.14). Every
# model runs each batch in two rounds and its fastest run counts (other work on the
# machine only ever adds time, and the rounds spread a busy moment over all models).
# Wall times on a shared machine are noisy, so the printed conclusions keep a margin:
# faster means at least 1.5 times faster (1.2 for processes, which on two cores can gain
# at most 2), and the claim about processes is made only on a machine with two or more
# cores. The GIL is read from a steadier number: the CPU time this process used divided
# by the wall time, the cores it kept busy. Other work can lower that ratio, never raise
# it, so "at most one core" cannot come out of noise:

# %% tags=["nbval-ignore-output"]
# Measured: wall-clock times of real threads, processes and coroutines on this machine.
# Sizes: a CPU batch is ~65 ms of Python, far above the few ms a process pool needs to
# hand out its tasks; two rounds, fastest kept (5 runs on a busy machine: same claims).
timed = experiments.measured(tasks=8, workers=4, cpu_n=80_000, repeats=2)
print("same results from every model:", timed["same_results"])
for claim, holds in experiments.conclusions(timed).items():
    print(f"{claim}: {holds}")
plots.measured_view(timed)

# %% [markdown]
# On the I/O batch, the thread pool, the process pool and asyncio finish several times
# sooner than one thread: their sleeps overlap. On the CPU batch, asyncio and (under the
# GIL) four threads keep at most one core busy between them: they only take turns, so
# they cannot beat one thread, and their bars sit near 1 or below it (below when
# switching between threads costs time or other work got in the way). The process pool
# is the one that can beat it, on a machine with idle cores to give it: on one core, or
# on a machine busy with other work, it cannot, whatever the model says about cores it
# does not have. On a free-threaded build with the GIL off the threads can keep several
# cores busy, as the panel's "free-threaded" setting shows, and the cell then prints that
# claim instead. These timings are this machine's at the moment the cell ran; the model
# above is what the tests check.
#
# Processes are not free: each is a separate interpreter, arguments and results cross
# between them pickled, and a pool takes time to start (the reason to start it once).
# Threads share memory, which is cheap and also the source of races; asyncio shares one
# thread, so a task that computes for a long time without awaiting stalls every other
# task on the loop.
#
# ## Reactor vs proactor
#
# ### A reactor on `selectors`
#
# A server that gives each connection a thread spends memory and context switches on
# connections that are mostly idle. The **reactor** pattern (Schmidt, 1995) serves them
# all from one loop: ask the operating system which sockets are *ready* (`select`, `poll`,
# Linux `epoll`, BSD `kqueue`; Python wraps them as `selectors.DefaultSelector`), then call
# the handler registered for each ready socket. Every socket is non-blocking, and a
# handler only reads a socket that is readable, so it never waits.
#
# `EchoReactor` does this in about a hundred lines: accept, read, write back each line a
# client sends. It listens on 127.0.0.1 only, its loop is bounded (an event budget, a
# deadline) and stops when the `with` block ends. Five clients connect and stay connected
# while each sends three lines, in rounds:

# %%
run = experiments.reactor_run(clients=5, lines=3)
{k: run[k] for k in ("replies_correct", "peak_open_connections", "handler_calls",
                     "bytes_echoed", "open_after_stop")}

# %% [markdown]
# One thread held all five connections open at once and answered each of the fifteen
# lines correctly: 5 accepts, 15 reads and 15 writes, each a handler call the loop made
# when a socket was ready; after the block, no connection is left open. The notes say a
# reactor "usually requires multi-threading to handle multiple tasks simultaneously": for
# I/O it does not, as this run shows (nginx and Redis serve thousands of connections this
# way). Threads come back only for work that would hold the loop: CPU-heavy handlers or
# calls that block. The order in which the loop saw the events depends on timing:

# %% tags=["nbval-ignore-output"]
# Measured: the order of readiness events depends on thread scheduling on this machine.
print("\n".join(run["log"][:12]))

# %% [markdown]
# Events of different connections mix in one sequence, all on one thread: each line is
# what a handler did when the loop found its socket ready, and one turn of the loop can
# call several handlers (the exact order varies from run to run).
#
# ### The loop, one turn at a time
#
# To watch the loop itself, drop the background thread: the same `EchoReactor`, on real
# non-blocking sockets on 127.0.0.1, is turned by hand. One thread performs a fixed script
# of client actions (three clients connect, `c1` sends `ping`, `c2` sends `hello` in two
# pieces, `c1` and `c3` send a line at the same moment, all close), and after each action
# turns the loop (`select`, then the handler of each ready socket) until nothing is ready.
# On Linux's loopback a connection, bytes or a close has arrived before the client's call
# returns (the kernel delivers them within the call), so every run makes the same turns. Sockets ready in the same turn are handled
# in name order here; the real loop takes them in whatever order the selector lists them.

# %%
steps = experiments.reactor_steps()
experiments.reactor_steps_table(steps)

# %% [markdown]
# Read it row by row. The listener is ready once per waiting connection, and each
# `accept` takes one. A read that completes a line moves it to the connection's output
# and makes the connection ask for *write* readiness, so the echo goes out on the next
# turn; `hel` alone is read and held as half a line, and nothing is written until `lo\n`
# completes it. When `c1` and `c3` send together, both are in one ready set, and both
# echoes go out in the next turn. A close is a read of zero bytes; the reactor then
# unregisters the socket. The figure shows the last turn; the slider below steps through
# them, with the ready set, the handlers run and what is still registered and pending:

# %%
reactor_turns = widgets.reactor_steps_panel()  # default: the last turn
reactor_turns.snapshot()

# %%
# NBVAL_IGNORE_OUTPUT
reactor_turns

# %% [markdown]
# ### A proactor: completion instead of readiness
#
# A **proactor** (Pyarali, Harrison, Schmidt and Jordan, 1997) turns the question around.
# Instead of "tell me when I *can* read", the program says "read into this buffer, and
# tell me when it is *done*". The operating system performs the I/O and queues a
# completion; the loop takes completions and calls their handlers with the data already
# in place. Windows provides this with I/O completion ports (IOCP); Linux, since 5.1, with
# io_uring (a submission queue and a completion queue shared with the kernel). One read,
# step by step:

# %%
experiments.REACTOR_VS_PROACTOR

# %% [markdown]
# The difference is who does the I/O and when the buffer is committed: a reactor's handler
# copies the data itself once the socket is ready, and needs no buffer until then; a
# proactor hands a buffer to the kernel up front and gets back a finished operation. A
# proactor also covers regular files, where readiness means nothing: `select` and `poll`
# always report a regular file as ready, and `epoll` refuses to watch one (`EPERM`), so
# reactors hand file I/O to a thread pool (as libuv does), while IOCP and io_uring
# complete file reads like socket reads.
#
# ### asyncio runs on both
#
# asyncio ships two event loops: `SelectorEventLoop`, a reactor over
# `selectors.DefaultSelector`, the default on Unix; and `ProactorEventLoop`, built on
# IOCP, the default on Windows since Python 3.8. Its transports and streams hide the
# difference, so the same coroutines run on either. What this platform gives:

# %%
experiments.event_loop_kind()

# %% [markdown]
# On Linux the loop is a selector loop waiting with `epoll`: the same machinery as
# `EchoReactor`, with callbacks turned into coroutines. An asyncio client, written with
# `await reader.readline()` instead of handlers, got its line back from our reactor in the
# same run:

# %%
run["asyncio_reply"]

# %% [markdown]
# ## The actor model
#
# An **actor** (Hewitt, Bishop and Steiger, 1973; Agha, 1986) is a unit of computation with
# private state and a **mailbox**. It handles one message at a time, and in response can
# only change its own state, send messages to actors whose names it knows, and create
# actors. No other actor can read or write its state, so there are no locks: the mailbox
# is the only queue, and concurrency comes from many actors handling messages at once.
# Messages are copied when sent (as between Erlang processes), so a sender cannot change
# one afterwards.
#
# `ActorSystem` delivers **one message per step**, in a fixed order, so a run can be
# replayed. A `Counter` counts `"+1"` messages and crashes on `"boom"`; with no
# supervisor, a crash stops it for good:

# %%
system = ActorSystem()
system.spawn("counter", Counter)
for message in ["+1", "+1", "boom", "+1"]:
    system.tell("counter", message)
[(e["step"], e["message"], e["outcome"]) for e in iter(system.step, None)]

# %%
system.counts(), system.stopped

# %% [markdown]
# Three messages were delivered; the `"boom"` crashed the counter, and the `"+1"` behind it
# became a **dead letter**: an actor that no longer exists cannot take it. Every message is
# accounted for: sent = processed + lost in a crash + pending + dead letters (the tests
# check this for random crash schedules with hypothesis).
#
# ### Supervision: let it crash
#
# Erlang's answer is not to defend every handler against every error but to **let it
# crash** and have a **supervisor** restart it from a known state. Erlang/OTP's strategies:
# `one_for_one` restarts the crashed child only; `one_for_all` restarts all the
# supervisor's children; `rest_for_one` restarts the crashed child and those started
# after it. A restart builds a fresh actor: **its state starts over**. If more than
# `max_restarts` restarts happen within a window (Erlang's intensity and period; here
# counted in steps), the supervisor gives up and stops its children (an Erlang supervisor
# then terminates itself too, passing the failure up to its own supervisor).
#
# Below, a counter reports each new count to an auditor, another actor; nine `"+1"` with
# two `"boom"` among them, under `one_for_one`. Each dot is one step:

# %%
actors_run = widgets.supervision_panel()  # one_for_one, 2 crashes; figure = the last step
actors_run.snapshot()

# %% [markdown]
# At each `"boom"` the counter crashes and is restarted at once with a count of zero, and
# the `"+1"` messages waiting behind it in its mailbox are still handled (here, as in
# Akka, a restarted actor keeps its mailbox and the message that crashed it is dropped;
# an Erlang process restarts as a new process with an empty mailbox). The auditor is
# another actor and keeps its own state: its highest count stays 3. Move the time slider
# to step through the messages; pick `one_for_all` and the auditor is reset too; set the
# restarts allowed below the crashes and the supervisor gives up:

# %%
# NBVAL_IGNORE_OUTPUT
actors_run

# %% [markdown]
# The same script under each strategy, and with a supervisor that allows only one restart:

# %%
{(s, r): {k: experiments.supervision(strategy=s, max_restarts=r)["counts"][k]
          for k in ("processed", "lost", "restarts", "dead_letters")}
 for s, r in [("one_for_one", 3), ("one_for_all", 3), ("one_for_one", 1)]}

# %% [markdown]
# `one_for_all` restarts both actors at each crash (4 actors restarted instead of 2) but
# handles the same messages. It still stays within `max_restarts=3`: as in Erlang, the
# intensity counts restarts *of the supervisor* (one per crash, however many children it
# restarts), not actors restarted. With one restart allowed, the second crash exceeds the intensity: the
# supervisor stops its children, and the three `"+1"` still queued become dead letters.
# Restarting wipes state, so an actor whose state matters keeps it elsewhere: Akka
# Persistence stores an actor's events and replays them when it restarts (event sourcing),
# and Orleans loads a grain's saved state when it is activated again.
#
# ## Try it
#
# **28.1** A request handler spends 4 ms running Python and 16 ms waiting for a database.
# You run it in a pool of 32 threads on an 8-core machine, first on a standard (GIL)
# CPython, then on a free-threaded build. By the bound, how many times faster does a large
# batch finish on the free-threaded build than on the standard one?

# %%
answer = ...
check("28.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.concurrency import speedup
#
# task = dict(workers=32, cpu_share=4 / 20, cores=8)
# answer = (speedup("thread pool", **task, gil=False)
#           / speedup("thread pool", **task, gil=True))  # 32 / 5
# ```
#
# 6.4. Under the GIL the Python parts run one at a time, and each task needs 4 ms of
# them: at most one task per 4 ms, against one per 20 ms for a single thread, so
# min(32, 1 / 0.2) = 5. Free-threaded, eight cores run Python, and the CPU limit rises
# to 8 / 0.2 = 40; but the pool keeps only 32 tasks in flight, so the bound is
# min(32, 40) = 32, and 32 / 5 = 6.4, not the 8 that eight cores instead of one
# suggest.
# </details>
#
# **28.2** You must fetch thousands of web pages on a 4-core machine running a standard
# CPython. Each fetch spends 1 ms running Python and 99 ms waiting for the network, and a
# pool may have at most 8 workers. Decide before you run anything: which model finishes
# first? Answer one of `"one thread"`, `"thread pool"`, `"process pool"`, `"asyncio"`.

# %%
answer = ...
check("28.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.concurrency import speedup
#
# fetch = dict(workers=8, cpu_share=1 / 100, cores=4)
# bounds = {m: speedup(m, **fetch)
#           for m in ("one thread", "thread pool", "process pool", "asyncio")}
# answer = max(bounds, key=bounds.get)  # asyncio: 100; both pools: 8
# ```
#
# The work is almost all waiting, so what caps a model is how many fetches it keeps in
# flight. Each pool keeps 8, so both stop at 8 times one thread (their CPU limits, 100
# for the threads under the GIL and 400 for the processes, are far away). asyncio keeps
# every fetch in flight on one thread and stops only at the CPU limit of that thread,
# 1 / 0.01 = 100. (A thread pool of 100 or more would reach the same 100, at the cost of
# a thread, and its stack, per fetch in flight.)
# </details>
#
# **28.3** Predict, then check with the panel or `experiments.supervision`: under
# `one_for_one` with `max_restarts=1`, the counter is now told nine `"+1"` with *three*
# `"boom"` spread among them (`crashes=3`: `+1 +1 boom +1 +1 boom +1 +1 +1 boom +1 +1`).
# How many of the nine `"+1"` messages does the counter never handle?

# %%
answer = ...
check("28.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.concurrency import experiments
#
# run = experiments.supervision(crashes=3, max_restarts=1)
# answer = 9 - sum(e["actor"] == "counter" and e["message"] == "+1" for e in run["log"])
# ```
#
# 5: the first crash uses the one restart allowed; the second exceeds it, so the
# supervisor stops the counter with `+1 +1 +1 boom +1 +1` still in its mailbox. All six
# become dead letters, and five of them are `"+1"`.
# </details>
#
# ## Summary
# - Under CPython's GIL, threads overlap waiting, not Python code: use threads or asyncio
#   for I/O-bound work, processes for CPU-bound Python (up to the cores you have). The
#   speed-up is at most min(k, p / s): k in flight, p CPUs that may run Python, s the CPU
#   share of a task. A free-threaded build lets threads use every core.
# - asyncio gets the thread pool's I/O concurrency from one thread with no pool, but one
#   coroutine that computes without awaiting stalls all the others.
# - A reactor waits for readiness (`select`/`epoll`/`kqueue`) and does the I/O in its
#   handlers; a proactor starts the I/O and waits for completion (IOCP, io_uring). asyncio
#   runs a reactor on Unix and a proactor on Windows behind the same API.
# - Actors share nothing and handle one message at a time from a mailbox; supervisors
#   restart crashed actors with fresh state, and give up past a restart intensity. Keep
#   state that must survive a crash outside the actor.
#
# ## Where this shows up
# - Gunicorn and uWSGI run several worker processes per machine for CPU-bound Python;
#   `uvicorn` and `aiohttp` serve many connections per process with asyncio;
#   `concurrent.futures` and `multiprocessing` are the standard library's pools.
# - nginx, Redis, Node.js (libuv) and Netty are reactors on epoll or kqueue; libuv and
#   .NET use IOCP on Windows.
# - Erlang/OTP (WhatsApp, RabbitMQ), Akka and Microsoft Orleans are actor systems with
#   supervision; [17 · Resilience](17_resilience.ipynb) treats failures between services the
#   same way (isolate, retry, give up past a budget), and
#   [25 · Performance](25_performance.ipynb) sizes the pools with Little's law.
# - [02 · Networking](02_networking.ipynb) explains the TCP connections the reactor accepts.
#
# ## Further reading
# - C. Hewitt, P. Bishop and R. Steiger, "A Universal Modular ACTOR Formalism for Artificial
#   Intelligence", IJCAI 1973; G. Agha, *Actors: A Model of Concurrent Computation in
#   Distributed Systems*, MIT Press, 1986.
# - D. C. Schmidt, "Reactor: An Object Behavioral Pattern for Demultiplexing and
#   Dispatching Handles for Synchronous Events", *Pattern Languages of Program Design*,
#   1995; I. Pyarali, T. Harrison, D. C. Schmidt and T. Jordan, "Proactor", PLoP 1997.
# - Erlang/OTP Design Principles, "Supervisor Behaviour"; the Akka documentation on
#   supervision and fault tolerance.
# - Python documentation: `selectors`, asyncio's "Event Loop" (SelectorEventLoop,
#   ProactorEventLoop), `concurrent.futures`, and "Python support for free threading";
#   PEP 703, "Making the Global Interpreter Lock Optional in CPython".
# - E. D. Lazowska, J. Zahorjan, G. S. Graham and K. C. Sevcik, *Quantitative System
#   Performance*, Prentice Hall, 1984, chapter 5 (bounds on throughput).

# %% [markdown]
# <!-- nav -->
# [← 27 · A/B testing: sample size, significance and the peeking problem](27_ab_testing.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [29 · Design a URL shortener →](29_url_shortener.ipynb)
