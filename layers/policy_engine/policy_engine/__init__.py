"""Policy engine: the shared package of the LLM governance policy service.

Direction of dependencies: handlers -> api -> logic -> (engine, store).
The engine imports nothing of AWS; only ``store`` touches boto3.
"""

__version__ = "0.1.0"
