"""Full-text search over the library: one service, two backends (SQLite FTS5, PostgreSQL tsvector).

Interface used by the rest of the app (services call these inside their transaction):
- index_document(document, *, portions=None, fresh=False): (re)build the search rows of one document from
  its portions and markings (an import that has just created the portions passes them, and fresh=True).
- unindex_document(document_id): drop them.
- reindex_all(): rebuild the whole index (`peaceops documents reindex`).
- search_documents(*, actor, query, filters, page, per_page): ranked, snippeted, faceted results,
  with the actor's clearance applied inside the SQL query (search/service.py).

Imports are lazy: documents/models.py imports search/models.py, so this package must not import
the models at load time.
"""


def index_document(document, *, portions=None, fresh: bool = False) -> int:
    from .indexing import index_document as run

    return run(document, portions=portions, fresh=fresh)


def unindex_document(document_id) -> None:
    from .indexing import unindex_document as run

    run(document_id)


def reindex_all(**kwargs) -> dict:
    from .indexing import reindex_all as run

    return run(**kwargs)


def search_documents(*, actor, query, filters=None, page=1, per_page=20):
    from .service import search_documents as run

    return run(actor=actor, query=query, filters=filters, page=page, per_page=per_page)
