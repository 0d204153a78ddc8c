"""RDF I/O: the only place that knows file formats, reads graph files, converts terms between
rdflib and Oxigraph, shortens IRIs and writes files (atomically, deterministically)."""
