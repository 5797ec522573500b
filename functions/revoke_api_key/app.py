from policy_engine.api.api_keys import revoke_api_key
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(revoke_api_key)
