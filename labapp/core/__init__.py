"""labapp.core layer (see DESIGN.md)."""
