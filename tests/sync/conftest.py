from tests.sync.harness import county, db_url, memory_keyring, pg_county, sqlite_county

__all__ = ["county", "db_url", "memory_keyring", "pg_county", "sqlite_county"]
