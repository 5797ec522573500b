from policy_engine.api.http import lambda_handler_for
from policy_engine.api.policies import delete_policy

lambda_handler = lambda_handler_for(delete_policy)
