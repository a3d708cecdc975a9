"""The profile page."""
