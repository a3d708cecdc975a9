"""Cache spinners speak the reader's language: a ``show_spinner="..."`` text is evaluated once, at import, in
English, so every cached loader shows no spinner of its own and its caller wraps it in ``st.spinner(_(...))``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DRAWING = [*sorted((ROOT / "dashboard" / "ui").glob("*.py")), *sorted((ROOT / "dashboard" / "pages").glob("*/draw.py"))]


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def test_no_cache_decorator_carries_a_spinner_text() -> None:
    assert len(DRAWING) > 10
    found = []
    for path in DRAWING:
        for call in _calls(path):
            if _name(call) in {"cache_data", "cache_resource"}:
                spinner = {k.arg: k.value for k in call.keywords}.get("show_spinner")
                # Without show_spinner=False, Streamlit writes its own English "Running ...()".
                if not (isinstance(spinner, ast.Constant) and spinner.value is False):
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not found, found


def test_every_spinner_text_goes_through_the_catalogue() -> None:
    spinners = [(path, call) for path in DRAWING for call in _calls(path) if _name(call) == "spinner"]
    assert len(spinners) >= 4  # data, licit data, a meeting, the Excel download
    for path, call in spinners:
        message = call.args[0]
        # _("...") here, or a text module's function that translates (words.excel_progress)
        assert isinstance(message, ast.Call), f"{path.relative_to(ROOT)}:{call.lineno}"
