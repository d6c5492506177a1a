"""The comparison view."""
