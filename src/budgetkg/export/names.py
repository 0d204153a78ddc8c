"""The names the export commands accept, kept apart so the CLI can list them without importing
networkx, rdflib or matplotlib."""

VIEWS = ("overview", "org", "funding", "services", "indicators", "full")
FORMATS = ("graphml", "gexf", "cyjs", "dot", "json", "html")
CHART_KINDS = ("functions", "units", "indicators")
CHART_FORMATS = ("png", "svg")
HALVES = ("annual", "implementation", "all")
