"""Stage 3, localize: a catalog applied to a document; what one build publishes (the edition)."""
