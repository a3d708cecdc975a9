"""The meeting follow-up page."""
