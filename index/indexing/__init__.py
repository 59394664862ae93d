"""Indexing: passages into vectors (cached) and a faiss index, published with an atomic swap."""
