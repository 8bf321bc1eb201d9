"""Lazy Qt item models over query results run on the database worker."""
