from policy_engine.api.feeds import get_decision
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(get_decision)
