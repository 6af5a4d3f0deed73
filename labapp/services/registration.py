"""`labapp.services.registration`: the stable outside path for the lots in the database.

See docs/api.md, "Stable face". The code lives in labapp.services.importing.registration;
this module keeps the path that outside checks and scripts import (the services were grouped into
subpackages; the names they call were not renamed). Code inside labapp imports the subpackage.
"""

from labapp.services.importing.registration import list_lots

__all__ = ["list_lots"]
