"""Evidence for a measurement: a Web Annotation pointing at the exact words of its source.

Every published figure must be traceable to its article. The evidence of a measurement is an
``oa:Annotation`` whose body is the measurement and whose target is the source document, narrowed
by two selectors: a ``oa:TextQuoteSelector`` (the exact quote with ~32 characters of context on
each side, robust to re-flowed copies of the text) and a ``oa:TextPositionSelector`` (code-point
offsets into the stored ``pov:text``, exact for this copy). IRIs hang under the measurement's IRI
(see docs/architecture.md) so that nothing is a blank node.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.facts import Span
from graph.namespaces import OA

CONTEXT_CHARS = 32
"""How many characters of text before and after the quote go into ``oa:prefix``/``oa:suffix``."""


class ProvenanceError(ValueError):
    """A span that does not match the document text: the fact cannot be traced, so it is refused."""


@dataclass(frozen=True)
class Evidence:
    """The IRIs of the four evidence nodes of one measurement."""

    annotation: URIRef
    target: URIRef
    quote: URIRef
    position: URIRef

    @classmethod
    def of(cls, measurement: URIRef) -> Evidence:
        """Evidence IRIs of ``measurement``: ``{m}/evidence``, ``/evidence/target``, ..."""
        annotation = URIRef(f"{measurement}/evidence")
        return cls(
            annotation=annotation,
            target=URIRef(f"{annotation}/target"),
            quote=URIRef(f"{annotation}/quote"),
            position=URIRef(f"{annotation}/position"),
        )


@dataclass(frozen=True)
class QuoteContext:
    """The quote with its surrounding text, as a TextQuoteSelector states it."""

    exact: str
    prefix: str
    suffix: str


def quote_context(text: str, span: Span, width: int = CONTEXT_CHARS) -> QuoteContext:
    """Cut the quote and ``width`` characters on each side out of ``text``.

    Raises ``ProvenanceError`` when ``text[start:end]`` is not the quote: a fact whose offsets are
    wrong would point readers at the wrong words, which is worse than no fact.
    """
    if not 0 <= span.start < span.end <= len(text):
        raise ProvenanceError(
            f"span {span.start}-{span.end} is outside the document text (0-{len(text)})"
        )
    found = text[span.start : span.end]
    if found != span.quote:
        raise ProvenanceError(
            f"quote {span.quote!r} is not at {span.start}-{span.end}: the text there is {found!r}"
        )
    return QuoteContext(
        exact=found,
        prefix=text[max(0, span.start - width) : span.start],
        suffix=text[span.end : span.end + width],
    )


def add_evidence(
    graph: Graph, measurement: URIRef, document: URIRef, text: str, span: Span
) -> Evidence:
    """Add the annotation, target and both selectors of ``measurement`` to ``graph``."""
    context = quote_context(text, span)
    evidence = Evidence.of(measurement)
    triples = [
        (evidence.annotation, RDF.type, OA.Annotation),
        (evidence.annotation, OA.motivatedBy, OA.describing),
        (evidence.annotation, OA.hasBody, measurement),
        (evidence.annotation, OA.hasTarget, evidence.target),
        (evidence.target, RDF.type, OA.SpecificResource),
        (evidence.target, OA.hasSource, document),
        (evidence.target, OA.hasSelector, evidence.quote),
        (evidence.target, OA.hasSelector, evidence.position),
        (evidence.quote, RDF.type, OA.TextQuoteSelector),
        (evidence.quote, OA.exact, Literal(context.exact)),
        (evidence.quote, OA.prefix, Literal(context.prefix)),
        (evidence.quote, OA.suffix, Literal(context.suffix)),
        (evidence.position, RDF.type, OA.TextPositionSelector),
        (evidence.position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
        (evidence.position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
    ]
    quoted = f"«{context.exact}»"
    labels = (
        (evidence.annotation, f"Bằng chứng: {quoted}", f"Evidence: {quoted}"),
        (evidence.target, f"Đoạn văn nguồn của {quoted}", f"Source passage of {quoted}"),
        (evidence.quote, f"Trích dẫn {quoted}", f"Quote {quoted}"),
        (
            evidence.position,
            f"Vị trí {span.start}–{span.end}",
            f"Characters {span.start}–{span.end}",
        ),
    )
    for node, vi, en in labels:
        triples.append((node, RDFS.label, Literal(vi, lang="vi")))
        triples.append((node, RDFS.label, Literal(en, lang="en")))
    for triple in triples:
        graph.add(triple)
    return evidence
