"""`labapp.services.methods`: the stable outside path for the analytical methods.

See docs/api.md, "Stable face". The code lives in labapp.services.administration.methods;
this module keeps the path that outside checks and scripts import (the services were grouped into
subpackages; the names they call were not renamed). Code inside labapp imports the subpackage.
"""

from labapp.services.administration.methods import load_methods

__all__ = ["load_methods"]
