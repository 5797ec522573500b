from policy_engine.workers.event_evaluator import lambda_handler

__all__ = ["lambda_handler"]
