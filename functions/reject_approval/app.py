from policy_engine.api.approvals import reject_approval
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(reject_approval)
