"""Licit trade against estimates: import and export authorisations, annual estimates and assessments, and the rules
INCB's International Import and Export Authorization System (I2ES) applies to them (``docs/licit-trade.md``).

* ``model``: the two canonical tables, ``LicitData`` (what the store holds, or the demonstration data), and the
  selection of one importing country, substance and year;
* ``rules``: the I2ES rules as pure Polars (the estimate in force, counted quantities, the running balance, the flags
  with their reasons, the balance summary, licit flows);
* ``demo``: the demonstration authorisations and estimates (``reference/demo_licit_*.csv``).

``demo`` and ``rules`` import nothing of the package; ``model`` imports both.
"""
