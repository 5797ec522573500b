from policy_engine.workers.review_notifier import lambda_handler

__all__ = ["lambda_handler"]
