from policy_engine.api.http import lambda_handler_for
from policy_engine.api.policies import rollback_policy

lambda_handler = lambda_handler_for(rollback_policy)
