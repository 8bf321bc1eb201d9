"""Text that stays readable on the light colours the app paints, in a dark colour scheme too.

Windows 11 in dark mode gives Qt a dark palette: text becomes white. The app paints some
things light whatever the scheme — warning rows pale red and amber, the first-steps and
my-buildings panels pale blue, a field in error pale pink — and text left to the palette
was then white on them, unreadable (a field in error hid what the clerk typed to mend it).
Whatever the app paints light carries this dark ink with it.
"""

from __future__ import annotations

INK = "#1a1a1a"


def light_panel(name: str, rules: str) -> str:
    """The style sheet of a panel painted light (``rules``: its background and border), its
    labels in ink."""
    return f"#{name} {{ {rules} }} #{name} QLabel {{ color: {INK}; }}"
