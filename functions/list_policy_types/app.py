from policy_engine.api.evaluate import list_policy_types
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(list_policy_types)
