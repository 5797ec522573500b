from policy_engine.api.approvals import list_approvals
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(list_approvals)
