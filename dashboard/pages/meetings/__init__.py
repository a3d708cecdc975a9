"""The meetings page."""
