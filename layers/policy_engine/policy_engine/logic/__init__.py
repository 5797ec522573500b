"""Use cases over the engine and the store."""
