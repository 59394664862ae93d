"""Ingest: reading sources (files, feeds, pages) and syncing them into the archive."""
