"""crisisbot's engine: sources → archive → passages → vectors + lexical index → retrieval → quote → answer.

See docs/architecture.md for the layers and index/engine.py for the façade the CLI and the bot use.
"""
