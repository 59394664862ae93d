"""Text primitives: language guess, sentences, passages, stemmed terms, source locations."""
