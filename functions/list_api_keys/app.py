from policy_engine.api.api_keys import list_api_keys
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(list_api_keys)
