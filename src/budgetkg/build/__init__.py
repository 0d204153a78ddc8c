"""Build stage: a disclosure on disk -> its RDF graph.

read (``readers``) -> segment -> extract (typed ``records``) -> model (RDF) -> mapping
(projects -> catalogue services); ``pipeline`` runs them in order.
"""
