from policy_engine.api.http import lambda_handler_for
from policy_engine.api.identity import whoami

lambda_handler = lambda_handler_for(whoami)
