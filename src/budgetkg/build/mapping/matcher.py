"""Score a project against the catalogue's services and decide which services it buys.

Plain data in, plain data out: the graph side (``graph.py``) reads projects and services from
RDF and writes the decisions back; nothing here knows about RDF.

Evidence, per (project, service) pair, each kind scored on its own:

- lexical: the cosine of TF-IDF vectors of character n-grams (``text.py``) between the service's
  label (its level-3 parent's label weighted less) and, separately, the project's name, its
  overview, its goals and each of its indicator texts; every text first expanded with the
  synonym groups (``synonyms.py``: 运维 meets 运行维护, 刻章 meets 印章刻制);
- the head word: what the service does (咨询, 考试, 热线, 勘验 ...), found in the project's name or
  only elsewhere in its texts;
- label coverage: the share of the label's weight whose n-grams the project's texts hold, a term
  weighing its catalogue IDF times how well it tells apart the services of the section searched
  (公共资源交易平台 names five 行政审批 services: it says which section, not which service);
- semantic (optional, ``semantic.py``, the ``semantic`` extra): cosine of sentence embeddings
  of the project's name and overview and the service's label, one more ranking in the fusion.
  Measured on the sample it ranks worse than the lexical evidence and is far too slow for a
  disclosure a second (benchmarks/bench_mapping.py), so by default the lexical path decides.

Each kind ranks the candidate services; the ranks are fused (reciprocal-rank fusion), so no score
scale has to be calibrated against another (the fused score, 0..1, is 1 for a service ranked
first by every kind). A service is *eligible* when the evidence says what it does, its head word
in the project's name (running-cost words aside) or elsewhere in its texts with a share of its
label covered, and ranks it high: a fused score of at least ``floor``, or first by the name or by
the overview. Of the eligible services, those whose fused score reaches a share (``relative``)
of the project's best are kept, at most ``max_services``: the cut is relative to each project's
own candidates. The thresholds are chosen by held-out splits of a hand-made gold
(``evaluate.py``, benchmarks/bench_mapping.py); the rules themselves were written reading the
one sample, which is the limit of these figures. A project whose name is only running-cost words (工作运行经费) buys no service whatever
its overview mentions: it pays for travel to 现场勘验, not for the inspection.

The department's own section is searched first; the whole catalogue only if that finds nothing
and no service of the own section has its head word in the project's name (热线扩容项目 has the
own 12345 hotline, so another department's 12309 hotline is no candidate), and then only services
whose head word is in the project's name, since a service listed for another type of department
is less likely to be what this one buys.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal

from budgetkg.build.mapping.sections import own_sections
from budgetkg.build.mapping.synonyms import Synonyms, bundled_synonyms
from budgetkg.build.mapping.text import (
    NGRAM_SIZES,
    TRAILING_GENERIC,
    TfIdf,
    head_word,
    ngrams,
    normalise,
    strip_running_cost,
    weighted_counts,
)

CLOSE, RELATED = "close", "related"
METHOD_SECTION = "char-ngram-tfidf/section"
METHOD_CATALOGUE = "char-ngram-tfidf/catalogue"
SEMANTIC_SUFFIX = "+semantic"
SCORE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Settings:
    """Weights and the relative thresholds (see the module docstring; chosen by leave-one-out over
    the gold projects, benchmarks/bench_mapping.py)."""

    parent_weight: float = 0.5  # the level-3 parent's label, relative to the service's own
    rrf_k: float = 5.0  # reciprocal-rank fusion: weight / (k + rank)
    field_weights: tuple[tuple[str, float], ...] = (
        ("name", 1.0), ("overview", 0.6), ("goals", 0.5), ("indicator", 0.5),
        ("coverage", 1.0), ("semantic", 1.0))
    name_coverage: float = 0.1  # head word in the name: label share covered by the name from this
    head_coverage: float = 0.3  # head word elsewhere: label share covered from this
    floor: float = 0.6  # and at least this fused score (1: first by every kind of evidence)
    leading: tuple[str, ...] = ("name", "overview")  # ... or first by one of these kinds
    relative: float = 0.5  # keep eligible services reaching this share of the best fused score
    max_services: int = 3
    close_coverage: float = 0.5  # skos:closeMatch from this coverage (head word found), else related


@dataclass(frozen=True)
class Service:
    key: Hashable  # the catalogue item's IRI
    code: str
    label: str
    parent_label: str = ""
    section: Hashable = None
    section_name: str = ""


@dataclass(frozen=True)
class ProjectText:
    key: Hashable  # the project's IRI
    name: str
    overview: str = ""
    goals: tuple[str, ...] = ()
    department: str = ""  # the supervising department's name, to find its own section
    indicators: tuple[str, ...] = ()  # the level-3 indicator texts


@dataclass(frozen=True)
class Candidate:
    service: Service
    score: float  # fused rank score, 0..1 (1: first in every kind of evidence)
    similarity: float  # the best lexical cosine over the project's fields
    head: str
    head_found: bool
    name_overlap: bool  # the head word or a label term is in the project's name
    head_in_name: bool = False
    coverage: float = 0.0
    field: str = ""  # the field of the best lexical cosine
    indicator: str = ""  # the indicator text, when that field is an indicator
    words: tuple[str, ...] = ()  # the stretches of the label the project's texts hold
    semantic: float | None = None
    name_coverage: float = 0.0  # label share covered by the project's name alone
    firsts: tuple[str, ...] = ()  # the kinds of evidence that rank this service first
    synonym_words: tuple[str, ...] = ()  # stretches of ``words`` held only through synonyms


@dataclass(frozen=True)
class Match:
    project: Hashable
    service: Service
    score: Decimal  # 0..1, four decimals
    relation: str  # CLOSE or RELATED
    method: str
    comment: str = ""
    semantic: float | None = None


@dataclass
class Ranking:
    """What the matcher saw for one project: the candidates of each pass, best first, and the
    matches kept (for reports and for the curator's eye)."""

    project: ProjectText
    own_sections: list[str]
    section_candidates: list[Candidate] = field(default_factory=list)
    catalogue_candidates: list[Candidate] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    vetoed: bool = False

    @property
    def match(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def best(self) -> Candidate | None:
        """The best candidate of the pass that decided (own section unless it found nothing)."""
        if self.matches and self.matches[0].method.startswith(METHOD_SECTION):
            return self.section_candidates[0]
        pool = self.catalogue_candidates or self.section_candidates
        return pool[0] if pool else None


def rounded(score: float) -> Decimal:
    return Decimal(repr(score)).quantize(SCORE_PLACES, rounding=ROUND_HALF_EVEN)


def running_cost_only(name: str) -> bool:
    """True when the name says nothing once running-cost words are set aside (工作运行经费,
    单位运行经费--办公设备购置 keeps 单位|办公设备购置 and is not)."""
    core = strip_running_cost(name)
    return not any(len(run) >= 2 for run in core.replace("|", " ").split()
                   if any("\u3400" <= ch <= "\u9fff" for ch in run))


class Matcher:
    """Built once per catalogue: the IDF, each service's vector, label terms and head word, and an
    inverted index so that scoring a text touches only the services sharing a term with it."""

    def __init__(self, services: Iterable[Service], settings: Settings | None = None,
                 synonyms: Synonyms | None = None, semantic=None):
        self.settings = settings or Settings()
        self.synonyms = bundled_synonyms() if synonyms is None else synonyms
        self.semantic = semantic
        self.services = sorted((s for s in services if normalise(s.label)),
                               key=lambda s: str(s.key))
        labels = [weighted_counts([(1.0, self.synonyms.expand(s.label))]) for s in self.services]
        parents = {}
        docs = []
        for s, label in zip(self.services, labels, strict=True):
            if s.parent_label not in parents:
                parents[s.parent_label] = weighted_counts([(self.settings.parent_weight,
                                                            s.parent_label)])
            docs.append(label + parents[s.parent_label])
        self.tfidf = TfIdf(docs)
        self.vectors = [self.tfidf.vector(d) for d in docs]
        self.label_terms = [{t: self.tfidf.weight(t) for t in label if self.tfidf.weight(t) > 0}
                            for label in labels]
        self.heads = [head_word(s.label) for s in self.services]
        self.index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vec in enumerate(self.vectors):
            for term, weight in vec.items():
                self.index[term].append((i, weight))
        self.sections = {s.section: s.section_name for s in self.services}
        self._embedded: dict[int, object] = {}
        self._local: dict[frozenset | None, dict[int, tuple[dict[str, float], float]]] = {}
        self._project: tuple = (None, None)

    def _sims(self, text: str) -> dict[int, float]:
        vec = self.tfidf.vector(weighted_counts([(1.0, text)]))
        sims: dict[int, float] = defaultdict(float)
        for term, weight in vec.items():
            for i, w in self.index.get(term, ()):
                sims[i] += weight * w
        return sims

    def _fields(self, p: ProjectText) -> list[tuple[str, str, str]]:
        """(field, original text, expanded text) of every non-empty text of the project."""
        out = [("name", p.name), ("overview", p.overview)]
        out += [("goals", g) for g in dict.fromkeys(normalise(g) for g in p.goals) if g]
        out += [("indicator", t) for t in dict.fromkeys(normalise(t) for t in p.indicators) if t]
        return [(f, t, self.synonyms.expand(t)) for f, t in out if normalise(t)]

    def _semantic_scores(self, p: ProjectText, pool: Sequence[int]) -> dict[int, float]:
        """Embedding cosines of the project and the pool's services (each label embedded once,
        when a project first needs it)."""
        if self.semantic is None or not pool:
            return {}
        todo = [i for i in pool if i not in self._embedded]
        for i, vec in zip(todo, self.semantic.embed_services(
                [self.services[i].label for i in todo]), strict=True):
            self._embedded[i] = vec
        text = "。".join(t for t in (p.name, p.overview) if t)
        return self.semantic.scores(text, {i: self._embedded[i] for i in pool})

    def _project_texts(self, p: ProjectText):
        """The project's fields with their similarities to every service, and the n-grams its
        texts hold; kept for the last project (its own-section and whole-catalogue passes)."""
        if self._project[0] != p:
            fields = self._fields(p)
            sims = [(name, original, self._sims(expanded)) for name, original, expanded in fields]
            held = set(ngrams(SEP.join(e for _, _, e in fields)))
            self._project = (p, (fields, sims, held))
        return self._project[1]

    def candidates(self, p: ProjectText, within: set | None = None) -> list[Candidate]:
        """Every service sharing a term with the project (restricted to the sections in
        ``within`` if given), best fused score first; ties broken by the service's IRI."""
        st = self.settings
        weights = dict(st.field_weights)
        fields, field_sims, held = self._project_texts(p)
        best: dict[int, tuple[float, str, str]] = {}
        per_field: dict[str, dict[int, float]] = defaultdict(dict)
        for name, original, sims in field_sims:
            for i, sim in sims.items():
                if within is not None and self.services[i].section not in within:
                    continue
                kind = per_field[name]
                kind[i] = max(kind.get(i, 0.0), sim)
                if sim > best.get(i, (0.0, "", ""))[0]:
                    best[i] = (sim, name, original if name == "indicator" else "")
        if not best:
            return []
        name_text = self.synonyms.expand(p.name)
        name_core = strip_running_cost(name_text)
        all_text = SEP.join(e for _, _, e in fields)
        name_held = set(ngrams(name_text))
        local = self._local_weights(within)
        coverage = {i: self._coverage(i, held, local) for i in best}
        per_field["coverage"] = {i: c for i, c in coverage.items() if c > 0}
        # embeddings for the own section only: the whole catalogue would take minutes
        semantic = self._semantic_scores(p, sorted(best)) if within is not None else {}
        if semantic:
            per_field["semantic"] = semantic
        fused: dict[int, float] = defaultdict(float)
        firsts: dict[int, list[str]] = defaultdict(list)
        top = 0.0
        for kind, scores in per_field.items():
            w = weights.get(kind, 0.0)
            top += w / (st.rrf_k + 1)
            for rank, i in enumerate(sorted(scores, key=lambda i: (-scores[i],
                                                                   str(self.services[i].key))), 1):
                fused[i] += w / (st.rrf_k + rank)
                if rank == 1:
                    firsts[i].append(kind)
        out = []
        for i, (sim, fname, indicator) in best.items():
            head = self.heads[i]
            in_name = bool(head) and head in name_core
            found = bool(head) and head in all_text
            name_cov = self._coverage(i, name_held, local)
            out.append(Candidate(
                self.services[i], min(fused[i] / top, 1.0) if top else 0.0, sim, head, found,
                in_name or name_cov > 0, in_name, coverage[i], fname, indicator, (),
                semantic.get(i), name_cov, tuple(firsts[i])))
        out.sort(key=lambda c: (-c.score, str(c.service.key)))
        return out

    def _local_weights(self, within: set | None) -> dict[int, tuple[dict[str, float], float]]:
        """Each label's terms weighted by how well they tell apart the services searched
        together (a section), with their sum: catalogue IDF times ln((n+1)/df) over the pool's
        labels. 公共资源交易平台 is rare in the catalogue but shared by five services of the
        行政审批 section: holding it says which section, not which service."""
        key = frozenset(within) if within is not None else None
        if key not in self._local:
            pool = [i for i, s in enumerate(self.services) if within is None or s.section in within]
            df: dict[str, int] = defaultdict(int)
            for i in pool:
                for t in self.label_terms[i]:
                    df[t] += 1
            local = {t: math.log((len(pool) + 1) / c) for t, c in df.items()}
            weighted = {}
            for i in pool:
                w = {t: v * local[t] for t, v in self.label_terms[i].items()}
                weighted[i] = (w, sum(w.values()))
            self._local[key] = weighted
        return self._local[key]

    @staticmethod
    def _coverage(i: int, held: set[str], local: dict[int, tuple[dict[str, float], float]]
                  ) -> float:
        """The share of the label's weight (``_local_weights``) that the texts hold."""
        terms, total = local[i]
        return sum(w for t, w in terms.items() if t in held) / total if total else 0.0

    def decide(self, p: ProjectText, cands: Sequence[Candidate], method: str,
               name_head_only: bool = False) -> list[Match]:
        """The kept candidates as matches, each with its explanation."""
        st = self.settings
        kept = select(cands, st, name_head_only)
        if not kept:
            return []
        if self.semantic is not None:
            method += SEMANTIC_SUFFIX
        fields, _, held = self._project_texts(p)
        raw = set(ngrams(SEP.join(t for _, t, _ in fields)))
        kept = [replace(c, words=label_runs(c.service.label, held),
                        synonym_words=label_runs(c.service.label, held, raw)) for c in kept]
        return [Match(p.key, c.service, rounded(c.score),
                      CLOSE if c.head_found and c.coverage >= st.close_coverage else RELATED,
                      method, explain(c, method), c.semantic) for c in kept]

    def rank(self, p: ProjectText) -> Ranking:
        """Own section(s) first, then the whole catalogue, stricter (head word in the name)."""
        own = own_sections(p.department, self.sections)
        ranking = Ranking(p, [self.sections[k] for k in own])
        ranking.vetoed = running_cost_only(p.name)
        if own:
            ranking.section_candidates = self.candidates(p, set(own))
            if not ranking.vetoed:
                ranking.matches = self.decide(p, ranking.section_candidates, METHOD_SECTION)
            if ranking.matches or ranking.vetoed or any(
                    c.head_in_name for c in ranking.section_candidates):
                return ranking  # the own section has what the name says: no stranger's service
        ranking.catalogue_candidates = self.candidates(p)
        if not ranking.vetoed:
            ranking.matches = self.decide(p, ranking.catalogue_candidates, METHOD_CATALOGUE,
                                          name_head_only=True)
        return ranking


SEP = "|"


def select(cands: Sequence[Candidate], st: Settings, name_head_only: bool = False
           ) -> list[Candidate]:
    """The eligible candidates whose fused score reaches ``relative`` times the best eligible
    one's, at most ``max_services``, a label listed twice kept once; ``name_head_only`` (the
    whole-catalogue pass) admits only services whose head word is in the project's name."""
    pool = [c for c in cands if eligible(c, st) and (c.head_in_name or not name_head_only)]
    if not pool:
        return []
    floor = st.relative * pool[0].score
    kept, labels = [], set()
    for c in pool:
        label = normalise(c.service.label)
        if c.score < floor or len(kept) >= st.max_services or label in labels:
            continue
        labels.add(label)
        kept.append(c)
    return kept


def eligible(c: Candidate, st: Settings) -> bool:
    """The evidence says what the service does: its head word in the name (running-cost words
    aside) with some of its label, or its head word elsewhere with a good share of its label; and
    the kinds of evidence rank it high enough, or the name or the overview ranks it first
    (政务云资源服务 for a project whose overview rents 虚机 and 存储)."""
    ranked = c.score >= st.floor or any(k in st.leading for k in c.firsts)
    return ranked and (
        (c.head_in_name and c.name_coverage >= st.name_coverage)
        or (c.head_found and c.coverage >= st.head_coverage))


def _covered(text: str, held: set[str]) -> list[bool]:
    covered = [False] * len(text)
    for n in NGRAM_SIZES:
        for i in range(len(text) - n + 1):
            if text[i:i + n] in held:
                covered[i:i + n] = [True] * n
    return covered


def label_runs(label: str, held: set[str], without: set[str] | None = None) -> tuple[str, ...]:
    """The stretches of the label that the project's texts (synonyms expanded) hold, as the
    label writes them: 政务信息化项目运维服务 against a project's 运行维护 gives 项目运维服务.
    With ``without`` (the n-grams of the texts before expansion), only the stretches in which
    some character is held through the synonyms alone (云资源服务 for a project's 虚机). A
    stretch that is only a generic word (服务) says nothing and is left out."""
    text = normalise(label)
    covered = _covered(text, held)
    only = [False] * len(text)
    if without is not None:
        only = [c and not r for c, r in zip(covered, _covered(text, without), strict=True)]
    runs, start = [], None
    for i, c in enumerate([*covered, False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            if without is None or any(only[start:i]):
                runs.append(text[start:i])
            start = None
    return tuple(r for r in runs if r not in TRAILING_GENERIC)


def explain(c: Candidate, method: str) -> str:
    """One line a reviewer can check: the words, the field or indicator, the head word, the
    scores."""
    where = f"indicator '{c.indicator}'" if c.field == "indicator" else c.field
    parts = [f"words {'、'.join(c.words) or '-'}"
             + (f" ({'、'.join(c.synonym_words)} by synonym)" if c.synonym_words else ""),
             f"best cosine {c.similarity:.4f} in {where}",
             f"head word {c.head} " + ("in the name" if c.head_in_name
                                       else "in the texts" if c.head_found else "not found"),
             f"label coverage {c.coverage:.2f}",
             f"section {c.service.section_name}"]
    if c.semantic is not None:
        parts.append(f"semantic {c.semantic:.4f}")
    parts.append(f"fused rank score {c.score:.4f}" + (" (whole catalogue)"
                                                    if method.startswith(METHOD_CATALOGUE)
                                                    else ""))
    return "; ".join(parts)


def match_projects(projects: Iterable[ProjectText], services: Iterable[Service],
                   settings: Settings | None = None, synonyms: Synonyms | None = None,
                   semantic=None) -> list[Ranking]:
    matcher = Matcher(services, settings, synonyms, semantic)
    return [matcher.rank(p) for p in sorted(projects, key=lambda p: str(p.key))]
