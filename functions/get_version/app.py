from policy_engine.api.http import lambda_handler_for
from policy_engine.api.policies import get_version

lambda_handler = lambda_handler_for(get_version)
