"""Who is signed in to a page under test: the page's `acting_user` callback, switched between users as
a test goes on (four eyes needs two people)."""

from __future__ import annotations

from labapp.services.administration.users import authenticate


class Session:
    def __init__(self, ctx, who) -> None:
        self.ctx, self.user = ctx, None
        self.sign_in(who)

    def sign_in(self, who) -> None:
        self.user = authenticate(self.ctx, who.username, who.password)

    def acting(self, action):
        self.user.require(action)
        return self.user
