from policy_engine.api.events import ingest_events
from policy_engine.api.http import lambda_handler_for

lambda_handler = lambda_handler_for(ingest_events)
