"""Building blocks of tools/make_demo_data.py (not installed; run the script, not this package)."""
