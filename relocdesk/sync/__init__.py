"""Offline-first sync with the county server: the protocol, local apply, and the engine."""
