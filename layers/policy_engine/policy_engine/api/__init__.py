"""HTTP edge: the API Gateway proxy adapter, caller context, error envelope, cursors."""
