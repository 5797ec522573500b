from policy_engine.api.api_keys import create_api_key
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(create_api_key)
