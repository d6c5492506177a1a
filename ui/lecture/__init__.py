"""The lecture walk-through view and its live room."""
