"""YAML from untrusted files, in bounded time and memory.

Aliases are refused (no legitimate front matter needs them, and expanding nested ones,
"billion laughs", takes gigabytes), nesting and the number of values are capped, and
dates, binary and other tagged values stay the text they were written as (a date like
2026-13-45 is then reported by validation instead of crashing the parser).
"""

from __future__ import annotations

from typing import Any

import yaml

from indexer.limits import LIMITS

_TEXT_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary")
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10× faster


def _text_loader(base: type) -> type:
    """A safe loader that keeps dates and binary values as the text written."""

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag not in _TEXT_TAGS]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    for tag in _TEXT_TAGS:
        Loader.add_constructor(tag, lambda loader, node: loader.construct_scalar(node))
    return Loader


FAST_LOADER = _text_loader(_BaseLoader)
PRECISE_LOADER = _text_loader(yaml.SafeLoader)  # its error marks are more precise


class YamlRefused(yaml.YAMLError):
    """Well-formed YAML that is refused; `problem` is German, `problem_mark` the place."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


CONFIG_MAX_NODES = 200_000  # taxonomy and synonyms: the operator's files, larger than entries


def parse_yaml(text: str, max_nodes: int | None = None) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of one YAML document.

    Raises `yaml.YAMLError` (syntax, with the most precise mark available) or
    `YamlRefused` (aliases, too deep, too many values, a value Python cannot hold).
    """
    limit = LIMITS.max_yaml_nodes if max_nodes is None else max_nodes
    try:
        _check_events(text, FAST_LOADER, limit)
    except YamlRefused:
        raise
    except yaml.YAMLError:
        _check_events(text, PRECISE_LOADER, limit)  # raises with a better mark
        raise
    loader = FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        raise YamlRefused("ein unbekannter YAML-Typ (Angabe mit „!“)", exc.problem_mark) from exc
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # e.g. an integer of 5,000 digits (Python refuses to convert it)
        raise YamlRefused("ein Wert ist nicht lesbar", _failing_value(node)) from exc
    finally:
        loader.dispose()
    return node, data


def _failing_value(node: yaml.Node | None) -> yaml.Mark | None:
    """Where the value is that cannot be built (each top-level value built on its own)."""
    if not isinstance(node, yaml.MappingNode):
        return node.start_mark if node is not None else None
    for _, value in node.value:
        loader = FAST_LOADER("")
        try:
            loader.construct_document(value)
        except Exception:  # noqa: BLE001 - any failure marks the culprit
            return value.start_mark
        finally:
            loader.dispose()
    return node.start_mark


# PyYAML's most frequent complaints, in German; others are shown as PyYAML words them.
PROBLEMS_DE = {
    "found invalid Unicode character escape code": "ungültiger Unicode-Escape-Code "
    "(ein ungültiges Unicode-Zeichen wie „\\ud800“)",
    "found unknown escape character": "unbekannte Escape-Sequenz mit „\\“",
    "mapping values are not allowed here": "ein Doppelpunkt an unerwarteter Stelle",
    "found character that cannot start any token": "ein Zeichen, mit dem kein Wert beginnen "
    "kann (z. B. ein Tabulator oder „@“)",
    "could not find expected ':'": "es fehlt ein Doppelpunkt",
    "found unexpected end of stream": "der Text endet unerwartet (fehlt ein "
    "Anführungszeichen oder eine Klammer?)",
    "found duplicate anchor": "ein Anker „&“ steht doppelt",
    "expected ',' or ']', but got '<stream end>'": "es fehlt eine schließende Klammer „]“",
    "expected ',' or '}', but got '<stream end>'": "es fehlt eine schließende Klammer „}“",
}


def problem_de(exc: yaml.YAMLError) -> str:
    """The reason of a YAML error in German where known, else PyYAML's words."""
    problem = getattr(exc, "problem", None) or "Syntaxfehler"
    return PROBLEMS_DE.get(problem, problem)


def _check_events(text: str, loader_class: type, max_nodes: int) -> None:
    """Walk the parser's events (no recursion, nothing built) and enforce the limits."""
    loader = loader_class(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise YamlRefused(
                    "Verweise mit „*“ (YAML-Aliase) sind nicht erlaubt", event.start_mark
                )
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > max_nodes:
                    raise YamlRefused(f"mehr als {max_nodes} Werte", event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > LIMITS.max_yaml_depth:
                    raise YamlRefused(
                        f"mehr als {LIMITS.max_yaml_depth} Ebenen verschachtelt", event.start_mark
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
