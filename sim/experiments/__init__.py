"""Experiments beyond the lecture's two updates: the sign comparison, reward offsets, and StatQuest's notebook."""
