from policy_engine.api.authorizer import lambda_handler

__all__ = ["lambda_handler"]
