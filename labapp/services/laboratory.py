"""`labapp.services.laboratory`: the stable outside path for the laboratory's details.

See docs/api.md, "Stable face". The code lives in labapp.services.administration.laboratory;
this module keeps the path that outside checks and scripts import (the services were grouped into
subpackages; the names they call were not renamed). Code inside labapp imports the subpackage.
"""

from labapp.services.administration.laboratory import get_laboratory

__all__ = ["get_laboratory"]
