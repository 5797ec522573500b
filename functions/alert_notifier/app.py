from policy_engine.workers.alert_notifier import lambda_handler

__all__ = ["lambda_handler"]
