"""The licit page."""
