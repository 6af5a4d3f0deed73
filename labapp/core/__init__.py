"""labapp.core layer (see DESIGN.md)."""

import pandas as _pandas

# pandas 3 keeps text in pyarrow whenever pyarrow is installed (the long CSV reader needs it), and
# pyarrow storage turns the typed words labapp keeps in text columns (str enums such as Outcome)
# into plain str. Text stays Python objects, as with pandas 2, on every machine. Every layer that
# builds frames imports labapp.core first (its errors, vocabulary and models).
_pandas.set_option("mode.string_storage", "python")
