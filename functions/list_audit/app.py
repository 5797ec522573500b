from policy_engine.api.audit import list_audit
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(list_audit)
