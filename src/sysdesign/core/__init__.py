"""What every topic shares, written once: checks, units, workloads, the event engine,
the Panel, the exercise checker, the plot style, tables shown whole and the syllabus.

``core`` imports no topic package; topics import ``core``. Importing it changes no
global setting (only :mod:`sysdesign.core.style` knows matplotlib, and only inside
its own ``with`` blocks).
"""
