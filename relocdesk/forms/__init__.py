"""Printed forms (PDF, A4, Chinese): residence-permit applications, household cards,
referral forms, visit records and the monthly summary. Entry point: ``printing.print_forms``.

reportlab is imported inside the functions that draw, never when this package loads.
"""


def warm_up() -> None:
    """Load reportlab, fonts and pdfium before a first print (0.6 s); off the GUI thread."""
    import pypdfium2  # noqa: F401
    import reportlab.platypus  # noqa: F401

    from relocdesk.forms import card, flow, permit  # noqa: F401

    flow.styles()  # registers the primary font
