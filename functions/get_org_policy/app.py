from policy_engine.api.http import lambda_handler_for
from policy_engine.api.org_policy import get_org_policy

lambda_handler = lambda_handler_for(get_org_policy)
