"""Saved views, published views, decks and their slides.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("page", sa.String(40), nullable=False, index=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("author", sa.String(120), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("snapshot", sa.String(64), nullable=False),
    )
    op.create_table(
        "published_views",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("view_id", sa.String(16), nullable=True, index=True),
        sa.Column("page", sa.String(40), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("snapshot", sa.String(64), nullable=False),
        sa.Column("source_ids", sa.Text, nullable=False),
        sa.Column("exhibits", sa.Text, nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_note", sa.Text, nullable=True),
    )
    op.create_table(
        "decks",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "deck_slides",
        sa.Column("deck_id", sa.String(16), sa.ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("view_id", sa.String(16), sa.ForeignKey("saved_views.id", ondelete="CASCADE"), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deck_slides")
    op.drop_table("decks")
    op.drop_table("published_views")
    op.drop_table("saved_views")
