"""RelocDesk: the core of the resettlement community desk (no Qt below this package)."""

# The app's version, as pyproject.toml says (tests/test_release.py keeps them equal): a frozen
# bundle has no package metadata to ask, and the update notice compares against it.
__version__ = "0.1.0"
