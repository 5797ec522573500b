"""Handlers of the queue-triggered functions (each record judged on its own; failures reported)."""
