from policy_engine.api.audit import verify_audit
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(verify_audit)
