from tests.sync.harness import county, db_url, memory_keyring

__all__ = ["county", "db_url", "memory_keyring"]
