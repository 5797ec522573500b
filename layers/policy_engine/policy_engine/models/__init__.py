"""Request, response and resource models; the OpenAPI spec is generated from them."""
