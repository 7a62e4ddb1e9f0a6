"""Django's PostgreSQL backend with a connection health check that runs once a second at most."""
