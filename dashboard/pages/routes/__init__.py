"""The routes page."""
