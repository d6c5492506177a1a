"""The training lab view."""
