"""The county server: storage (SQLAlchemy Core), the FastAPI app, and the admin command."""
