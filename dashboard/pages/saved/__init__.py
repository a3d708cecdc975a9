"""Saved views and decks: list, open, rename, delete, publish, withdraw; decks of saved views."""
