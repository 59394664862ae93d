"""Storage: the SQLite archive (articles, origins, passages, FTS5, vector cache, usage) and the faiss index files."""
