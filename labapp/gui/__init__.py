"""labapp.gui layer (see DESIGN.md)."""
