"""What every topic shares, written once: checks, units, workloads, the event engine,
the Panel, the exercise checker, the plot style, tables shown whole, the syllabus, and
real HTTP servers on 127.0.0.1 (:mod:`.loopback`).

``core`` imports no topic package; topics import ``core``. Importing it changes no
global setting (only :mod:`sysdesign.core.style` knows matplotlib, and only inside
its own ``with`` blocks).
"""
