from policy_engine.api.feeds import list_violations
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(list_violations)
