"""Publish stage: VoID/DCAT description, the publishing bundle, uploads to a SPARQL Graph Store."""
