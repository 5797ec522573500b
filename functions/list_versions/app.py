from policy_engine.api.http import lambda_handler_for
from policy_engine.api.policies import list_versions

lambda_handler = lambda_handler_for(list_versions)
