"""Licit trade and estimates: the running balance of authorised imports against the estimate (I2ES rules), the flags
with their reasons, and a map of licit flows beside seizures of the same substance."""

# isort: off
import dashboard.pages.warm  # noqa: F401  (first: see its docstring)

# isort: on
from dashboard.licit import model as licit
from dashboard.pages.licit import draw, model, params, text
from dashboard.ui import cached, frame

data, state = frame.start("licit")
trade = cached.licit_data()
draw.introduction(trade)
selection, notices = licit.resolve_selection(trade, *params.asked(state))
frame.url_notices(notices)
draw.require(selection)
state, selection = draw.selectors(trade, state, selection)

view = licit.selection_view(trade, selection)
side = model.side_by_side(trade, data, state, selection)
words = text.licit_text(trade, view, data, side)
draw.headline(view)
draw.balance(view, words, state, demo=trade.is_demo)
state = draw.flags(trade, view, state, words)
draw.beside_seizures(side, words, state, licit_demo=trade.is_demo, seizures_demo=data.is_demo)
draw.summary(trade, words)
frame.publish(state)
