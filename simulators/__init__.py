"""Simulators of outside systems (population register, SMS gateway): separate HTTP services, not the real systems.

See docs/simulators.md for the interface a real system must offer.
"""
