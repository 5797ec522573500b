from policy_engine.workers.approval_intake import lambda_handler

__all__ = ["lambda_handler"]
