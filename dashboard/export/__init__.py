"""Exports of the figures the pages draw: images (PNG at 1x and 2x, SVG, PDF) rendered on the server by kaleido in
Debian's chromium, a standalone HTML file with plotly.js inlined, the frozen form of a published view, and decks as
PPTX or PDF. Nothing here fetches anything: the topology is the bundled one and MathJax is off.
"""
