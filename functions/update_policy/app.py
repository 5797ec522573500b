from policy_engine.api.http import lambda_handler_for
from policy_engine.api.policies import update_policy

lambda_handler = lambda_handler_for(update_policy)
