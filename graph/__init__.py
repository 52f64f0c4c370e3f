"""povkg's graph layer: read articles, extract facts, build, validate, store and traverse the graph.

Data flows one way: articles -> documents -> extracted facts -> RDF graph -> validated store.
Nothing in this package imports ``api``.
"""
