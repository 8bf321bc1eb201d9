"""Screens. Each module registers its page with ui.pages.register_page at import."""
