"""Answering: retrieval (dense + lexical), quote choice, calibration and the answer types."""
