"""The authenticated caller: org, key and scopes, as the authorizer established them."""

from __future__ import annotations

from dataclasses import dataclass

from policy_engine.errors import Forbidden, Unauthorized

ADMIN = "admin"
SCOPES = frozenset(
    {ADMIN, "policies:read", "policies:write", "evaluate", "approvals:read", "approvals:decide", "audit:read"}
)


@dataclass(frozen=True)
class Caller:
    org_id: str
    key_id: str
    scopes: frozenset[str]

    @classmethod
    def anonymous(cls) -> Caller:
        return cls(org_id="", key_id="", scopes=frozenset())

    def has(self, scope: str) -> bool:
        return ADMIN in self.scopes or scope in self.scopes

    def require(self, scope: str) -> None:
        if not self.org_id:
            raise Unauthorized("a valid API key is required")
        if scope != "any" and not self.has(scope):
            raise Forbidden(f"this key lacks the '{scope}' scope")
