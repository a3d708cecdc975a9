"""Presenting a deck in the meeting room."""
