"""povkg's web layer: the SPARQL 1.1 endpoint, linked data and convenience routes (FastAPI)."""
