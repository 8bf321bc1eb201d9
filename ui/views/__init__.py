"""Screens, one module per page (or per part of one); ui.pages lists them."""
