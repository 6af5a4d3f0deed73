"""`labapp.services.users`: the stable outside path for the accounts and the log-in.

See docs/api.md, "Stable face". The code lives in labapp.services.administration.users;
this module keeps the path that outside checks and scripts import (the services were grouped into
subpackages; the names they call were not renamed). Code inside labapp imports the subpackage.
"""

from labapp.services.administration.users import authenticate, has_users, list_users

__all__ = ["authenticate", "has_users", "list_users"]
