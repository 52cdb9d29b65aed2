"""Full-text search over the library: one service, two backends (SQLite FTS5, PostgreSQL tsvector).

Interface used by the rest of the app (services call these inside their transaction):
- index_document(document): (re)build the search rows of one document from its portions and markings.
- unindex_document(document_id): drop them.
"""


def index_document(document) -> None:
    """Placeholder until the search backends land in this package (same session)."""


def unindex_document(document_id) -> None:
    """Placeholder until the search backends land in this package (same session)."""
