"""Preventiekaart domain logic: importable and testable without Streamlit."""
