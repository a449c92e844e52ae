"""Domain models and rules. No I/O, no Qt."""
