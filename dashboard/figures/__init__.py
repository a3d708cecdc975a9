"""Plotly and pydeck figure builders: small frames in, figures out. No streamlit import."""
