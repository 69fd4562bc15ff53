"""HTTP layer of central: routes, dependencies and error handlers."""
