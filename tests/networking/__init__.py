"""Networking: IP, TCP, UDP and HTTP (notebook 02)."""
