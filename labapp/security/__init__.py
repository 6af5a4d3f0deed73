"""labapp.security layer (see DESIGN.md)."""
