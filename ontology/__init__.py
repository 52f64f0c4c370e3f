"""The povkg ontology, code lists, reference data and SHACL shapes, as Turtle files.

This package holds no code: it exists so that the Turtle files install with povkg and can be
found with ``importlib.resources.files("ontology")``.
"""
