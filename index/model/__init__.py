"""The embedding model: fetching it (verified) and running it with query/document prompts."""
