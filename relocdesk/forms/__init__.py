"""Printed forms (PDF, A4, Chinese): residence-permit applications, household cards,
referral forms, visit records and the monthly summary. Entry point: ``printing.print_forms``.

reportlab is imported inside the functions that draw, never when this package loads.
"""
