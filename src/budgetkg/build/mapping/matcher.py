"""Score a project against the catalogue's services and decide whether the best one is a match.

Plain data in, plain data out: the graph side (``graph.py``) reads projects and services from
RDF and writes the decisions back; nothing here knows about RDF.

The score of a (project, service) pair is the cosine of their TF-IDF vectors of character
n-grams (``text.py``): the project's name (weighted most), overview and goals against the
service's label (and, weighted less, its level-3 parent's label, which names the kind of
service). It is halved when the service's head word (咨询, 考试, 热线 ...) appears nowhere in the
project: sharing only the context (公共资源交易平台, 政务大厅) with a service is not doing what it
does.

A best candidate is kept only if the project mentions its head word, the project's *name*
shares a term with the service once running-cost words are set aside (a 工作运行经费 whose
overview mentions 现场勘验 pays for travel, not for inspections; a 大厅运行保障经费 is not a
体育场馆运行保障服务), it beats the runner-up by a margin (siblings that share the project's
context and differ only in what the project does not say tie, and a tie is not a match), and it
clears a threshold: ``close`` for skos:closeMatch, ``related`` for skos:relatedMatch. The
department's own section is searched first; the whole catalogue only if that finds nothing, and
then only a closeMatch at the higher ``outside_close``, since a service listed for another type
of department is less likely to be what this one buys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from budgetkg.build.mapping.sections import own_sections
from budgetkg.build.mapping.text import TfIdf, Vector, head_word, ngrams, normalise, strip_running_cost, weighted_counts

CLOSE, RELATED = "close", "related"
METHOD_SECTION = "char-ngram-tfidf/section"
METHOD_CATALOGUE = "char-ngram-tfidf/catalogue"
SCORE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Settings:
    """Weights and thresholds, calibrated on the shipped sample (see the module docstring)."""

    name_weight: float = 3.0  # the project name counts this many times its overview
    parent_weight: float = 0.5  # the level-3 parent's label, relative to the service's own
    missing_head_factor: float = 0.5  # score factor when the service's head word is not mentioned
    close: float = 0.45  # own section: skos:closeMatch from this score
    related: float = 0.30  # own section: skos:relatedMatch from this score
    margin: float = 0.08  # the best must beat the runner-up by this much
    outside_close: float = 0.55  # other sections (whole-catalogue pass): skos:closeMatch only


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


@dataclass(frozen=True)
class Candidate:
    service: Service
    score: float  # similarity, times missing_head_factor without the head word
    similarity: float
    head: str
    head_found: bool
    name_overlap: bool


@dataclass(frozen=True)
class Match:
    project: Hashable
    service: Service
    score: Decimal  # 0..1, four decimals
    relation: str  # CLOSE or RELATED
    method: str
    comment: str = ""


@dataclass
class Ranking:
    """What the matcher saw for one project: the candidates of each pass, best first, and the
    match if one was kept (for reports and for the curator's eye)."""

    project: ProjectText
    own_sections: list[str]
    section_candidates: list[Candidate] = field(default_factory=list)
    catalogue_candidates: list[Candidate] = field(default_factory=list)
    match: Match | None = None

    @property
    def best(self) -> Candidate | None:
        """The best candidate of the pass that decided (own section unless it found nothing)."""
        if self.match is not None and self.match.method == METHOD_SECTION:
            return self.section_candidates[0]
        pool = self.catalogue_candidates or self.section_candidates
        return pool[0] if pool else None


def rounded(score: float) -> Decimal:
    return Decimal(repr(score)).quantize(SCORE_PLACES, rounding=ROUND_HALF_EVEN)


class Matcher:
    """Built once per catalogue: the IDF, each service's vector and head word, and an inverted
    index so that scoring a project touches only the services sharing a term with it."""

    def __init__(self, services: Iterable[Service], settings: Settings | None = None):
        self.settings = settings or Settings()
        self.services = sorted((s for s in services if normalise(s.label)),
                               key=lambda s: str(s.key))
        docs = [self._service_counts(s) for s in self.services]
        self.tfidf = TfIdf(docs)
        self.vectors = [self.tfidf.vector(d) for d in docs]
        self.terms = [set(d) for d in docs]
        self.heads = [head_word(s.label) for s in self.services]
        self.index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vec in enumerate(self.vectors):
            for term, weight in vec.items():
                self.index[term].append((i, weight))
        self.sections = {s.section: s.section_name for s in self.services}

    def _service_counts(self, s: Service):
        return weighted_counts([(1.0, s.label), (self.settings.parent_weight, s.parent_label)])

    def project_vector(self, p: ProjectText) -> Vector:
        goals = [g for g in dict.fromkeys(normalise(g) for g in p.goals) if g]
        fields = [(self.settings.name_weight, p.name), (1.0, p.overview)]
        fields += [(1.0 / len(goals), g) for g in goals]
        return self.tfidf.vector(weighted_counts(fields))

    def candidates(self, p: ProjectText, within: set | None = None) -> list[Candidate]:
        """Every service sharing a term with the project (restricted to the sections in
        ``within`` if given), best first; ties broken by the service's IRI."""
        vec = self.project_vector(p)
        sims: dict[int, float] = defaultdict(float)
        for term, weight in vec.items():
            for i, w in self.index.get(term, ()):
                sims[i] += weight * w
        text = normalise(" ".join([p.name, p.overview, *p.goals]))
        name_core = strip_running_cost(p.name)
        name_terms = {t for t in ngrams(name_core) if self.tfidf.weight(t) > 0}
        out = []
        for i, sim in sims.items():
            s = self.services[i]
            if within is not None and s.section not in within:
                continue
            head = self.heads[i]
            found = bool(head) and head in text
            score = sim if found else sim * self.settings.missing_head_factor
            overlap = bool(name_terms & self.terms[i]) or (bool(head) and head in name_core)
            out.append(Candidate(s, min(score, 1.0), sim, head, found, overlap))
        out.sort(key=lambda c: (-c.score, str(c.service.key)))
        return out

    def decide(self, p: ProjectText, cands: Sequence[Candidate], close: float,
               related: float | None, method: str) -> Match | None:
        if not cands:
            return None
        best = cands[0]
        # a service listed twice (same label) is no rival of itself
        runner_up = next((c.score for c in cands[1:]
                          if normalise(c.service.label) != normalise(best.service.label)), 0.0)
        if not (best.head_found and best.name_overlap):
            return None
        if best.score - runner_up < self.settings.margin:
            return None
        if best.score >= close:
            relation = CLOSE
        elif related is not None and best.score >= related:
            relation = RELATED
        else:
            return None
        where = "own section" if method == METHOD_SECTION else "whole catalogue, section"
        comment = (f"cosine {best.similarity:.4f} in the {where} {best.service.section_name}; "
                   f"head word {best.head} in the project; runner-up {runner_up:.4f}")
        return Match(p.key, best.service, rounded(best.score), relation, method, comment)

    def rank(self, p: ProjectText) -> Ranking:
        """Own section(s) first, then the whole catalogue with the stricter thresholds."""
        st = self.settings
        own = own_sections(p.department, self.sections)
        ranking = Ranking(p, [self.sections[k] for k in own])
        if own:
            ranking.section_candidates = self.candidates(p, set(own))
            ranking.match = self.decide(p, ranking.section_candidates, st.close, st.related,
                                        METHOD_SECTION)
            if ranking.match is not None:
                return ranking
        ranking.catalogue_candidates = self.candidates(p)
        ranking.match = self.decide(p, ranking.catalogue_candidates, st.outside_close, None,
                                    METHOD_CATALOGUE)
        return ranking


def match_projects(projects: Iterable[ProjectText], services: Iterable[Service],
                   settings: Settings | None = None) -> list[Ranking]:
    matcher = Matcher(services, settings)
    return [matcher.rank(p) for p in sorted(projects, key=lambda p: str(p.key))]
