"""Query stage: canned SPARQL from ``queries/*.rq`` on Oxigraph, a store or an endpoint."""
from budgetkg.query.legacy import *
