"""Python client for the LLM governance policy service: every route, a guard, and wrappers for
the OpenAI and Anthropic clients.

    from openai import OpenAI
    from policy_gov import Client, Guard, wrap_openai

    openai = wrap_openai(OpenAI(), Guard(Client()))   # POLICY_GOV_URL, POLICY_GOV_API_KEY
    openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
"""

from policy_gov.client import AsyncClient, Client, FailMode
from policy_gov.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ApprovalDenied,
    ApprovalRequired,
    ApprovalTimeout,
    BadRequest,
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PolicyBlocked,
    PolicyGovError,
    PreconditionFailed,
    RateLimited,
    ServerError,
    StreamBlocked,
    Unauthorized,
    ValidationError,
)
from policy_gov.guard import AsyncGuard, Guard
from policy_gov.integrations import wrap_anthropic, wrap_openai

__version__ = "0.1.0"
__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "ApprovalDenied",
    "ApprovalRequired",
    "ApprovalTimeout",
    "AsyncClient",
    "AsyncGuard",
    "BadRequest",
    "Client",
    "Conflict",
    "FailMode",
    "FieldError",
    "Forbidden",
    "Guard",
    "NotFound",
    "PayloadTooLarge",
    "PolicyBlocked",
    "PolicyGovError",
    "PreconditionFailed",
    "RateLimited",
    "ServerError",
    "StreamBlocked",
    "Unauthorized",
    "ValidationError",
    "wrap_anthropic",
    "wrap_openai",
]
