from policy_engine.api.evaluate import evaluate_policy
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(evaluate_policy)
