"""sysdesign: small, readable models behind an interactive system-design course.

Each topic has pure models (no plotting), figure helpers in ``plots`` modules and
widget panels in ``widgets`` modules. Importing any of them changes no global
setting.
"""

__version__ = "0.1.0"
