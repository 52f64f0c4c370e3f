"""The SPARQL 1.1 Protocol endpoint: request parsing, negotiation, sandboxed evaluation, results."""
