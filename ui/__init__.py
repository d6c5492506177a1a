"""The page: one module per view, pure chart builders, shared theme and settings. Draws; never computes."""
