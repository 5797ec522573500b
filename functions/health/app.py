from policy_engine.api.health import health
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(health)
