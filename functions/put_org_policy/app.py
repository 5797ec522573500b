from policy_engine.api.http import lambda_handler_for
from policy_engine.api.org_policy import put_org_policy

lambda_handler = lambda_handler_for(put_org_policy)
