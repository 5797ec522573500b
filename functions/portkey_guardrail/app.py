from policy_engine.api.http import lambda_handler_for
from policy_engine.api.integrations import portkey_guardrail

lambda_handler = lambda_handler_for(portkey_guardrail)
