"""The store: reports by content hash, cached analyses, grouping features, stories. SQLite or PostgreSQL."""
from .base import FeatureRow, Store, StoreTx, StoryInfo, StoryReport
from .sql import SqlStore, db_url, default_db_path, open_store

__all__ = ["FeatureRow", "SqlStore", "Store", "StoreTx", "StoryInfo", "StoryReport", "db_url",
           "default_db_path", "open_store"]
