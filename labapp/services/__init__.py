"""labapp.services layer (see DESIGN.md)."""
