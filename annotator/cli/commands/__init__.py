"""One module per sub-command. Each exposes ``register(commands)`` that adds its parser and handler."""
