"""CEL expressions for 秒批 rule sets: static limits, analysis, projections, input checks.

Pure module (no Django). What the `common-expression-language` 0.10.0 package does, measured here:

- `cel.compile` raises `ValueError` for syntax errors. Evaluation raises plain Python exceptions:
  `KeyError` (missing map key / field), `TypeError` (no such overload, member access on null),
  `RuntimeError` (undefined variable or function, failing added function, bad `int('x')`),
  `ZeroDivisionError`, `OverflowError`, `ValueError` (a value that cannot be converted).
  The engine catches `Exception` around every evaluation.
- The parser and the evaluator recurse on the Rust stack without a guard: `1+1+…` with 14,000 terms,
  or 40 nested brackets in a thread with a 256 KiB stack, kill the process with SIGSEGV, which no
  `except` can catch. Inputs nested ~900 deep crash the conversion into CEL values the same way.
  Hence the limits below, checked in pure Python *before* anything reaches the library. With them,
  the deepest accepted expression runs in a thread with a 256 KiB stack (tests/rules/test_safety.py).
- There is no loop construct, so the work is bounded by the expression's size, the sizes of the lists
  it iterates and the nesting of the comprehension macros. But the library deep-copies values: every
  read of a variable copies it (~0.04 µs per element), and `map`/`filter` copy the list built so far at
  every step, so `d.map(x, d)` over 100 records of 40 fields took 18 s, and a `map` nested inside
  another macro 14–50 s (measured here). Hence: macros nest at most 2 deep, `map`/`filter` never inside
  another macro, input lists have at most 100 elements and an input at most 2,000 values. With these,
  two nested `all` over two 100-element lists calling a date function take ~40 ms (tests/rules/test_safety.py).
  Rule sets are written by administrators and dry-run before publishing; an expression that
  deliberately copies a 2,000-value input in every step of a 100-step `map` still costs ~1 s.
- Converting Python values into CEL values costs ~2 µs per string, key, list or map (a 14-field
  record ≈ 50 µs; a 4,000-value list 24 ms), so the engine passes each input only the parts its
  expressions can read (`project`). After `Context.add_variable`, the next `execute` converts *every*
  variable of the Context again, so the engine never adds to a Context it has executed: it builds one
  Context per wave of facts and one for the checks (`RuleSet.waves`).
- Maps come back from CEL, and are iterated by macros, in a random order that changes at every
  evaluation (a Rust HashMap). Results are returned with sorted keys (`canonical`), and `map`/`filter`
  may only iterate lists (`_list_receivers`, `list_problem`), so that every decision can be replayed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .functions import FUNCTIONS

MAX_EXPRESSION_LENGTH = 1000  # characters
MAX_TOKENS = 250  # a left-nested chain of n binary operators is n levels deep
MAX_NESTING = 12  # brackets ( [ { — the parser recurses deeply per bracket
MAX_COMPREHENSION_NESTING = 2
MAX_INPUT_DEPTH = 12  # nesting of dicts and lists in an input or a computed value
MAX_LIST_LENGTH = 100
MAX_STRING_LENGTH = 10_000
MAX_VALUE_NODES = 2_000  # dicts, lists and scalars in one input variable or computed value
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # CEL int; larger Python ints silently become uint or double

MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
# Functions of the Rust CEL core (operators such as `_+_`, `@in`, `!_` are not identifiers and always pass).
CORE_FUNCTIONS = frozenset(
    {
        "size", "int", "uint", "double", "string", "bytes", "dyn", "type", "timestamp", "duration",
        "contains", "startsWith", "endsWith", "matches",
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfYear", "getDayOfWeek",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    }
)
RESERVED = frozenset(
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function",
        "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
    }
)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*)
  | (?P<str>(?:[rR][bB]?|[bB][rR]?)?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\n])*'|"(?:\\.|[^\\"\n])*"))
  | (?P<num>0[xX][0-9a-fA-F]+[uU]?|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[uU]?)
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!?:.,()\[\]{}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE = "([{", ")]}"
_BUILDERS = frozenset({"map", "filter"})  # build lists; the library copies the whole list at every step
_PLAIN_STRING = re.compile(r"""(['"])([^'"\\]*)\1\Z""")


class ExpressionError(ValueError):
    """An expression outside the limits; the message is Chinese and shown to the administrator."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # str, num, id, op, other
    text: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What an expression reads, found statically at parse time."""

    roots: tuple[str, ...]  # variables it reads (macro-bound names removed), in order of first use
    bound: frozenset[str]  # names bound by comprehension macros
    fields: dict  # root variable -> its projection (see `project`): None when it may be read whole
    functions: tuple[str, ...]  # named functions called
    list_paths: tuple = ()  # (root, path) of each value map/filter iterates: must be a list, not a map
    unordered: tuple[str, ...] = ()  # map/filter applied to something else (refused when parsing)


def tokenize(source: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        if kind != "ws":
            tokens.append(Token(kind, match.group()))
    return tokens


def check_limits(source: str, tokens: list[Token]) -> None:
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"表达式过长（{len(source)} 个字符，上限 {MAX_EXPRESSION_LENGTH}）")
    if len(tokens) > MAX_TOKENS:
        raise ExpressionError(f"表达式过于复杂（{len(tokens)} 个记号，上限 {MAX_TOKENS}）")
    depth = comprehension = 0
    open_macros: list[bool] = []
    for i, token in enumerate(tokens):
        if token.text in _OPEN and token.kind == "op":
            is_macro = token.text == "(" and i >= 2 and tokens[i - 1].text in MACROS and tokens[i - 2].text == "."
            open_macros.append(is_macro)
            depth += 1
            comprehension += is_macro
            if depth > MAX_NESTING:
                raise ExpressionError(f"表达式括号嵌套过深（上限 {MAX_NESTING} 层）")
            if comprehension > MAX_COMPREHENSION_NESTING:
                raise ExpressionError(f"all/exists/map/filter 嵌套过深（上限 {MAX_COMPREHENSION_NESTING} 层）")
            if is_macro and comprehension > 1 and tokens[i - 1].text in _BUILDERS:
                raise ExpressionError(f"{tokens[i - 1].text} 不能用在 all/exists/exists_one/map/filter 之内（耗时随列表长度的三次方增长）")
        elif token.text in _CLOSE and token.kind == "op" and open_macros:
            comprehension -= open_macros.pop()
            depth -= 1


def analyse(tokens: list[Token], library_variables: list[str], library_functions: list[str]) -> Analysis:
    """Root variables and what each reads; `library_*` come from `Program.references()`."""
    bound = {
        tokens[i + 3].text
        for i in range(len(tokens) - 3)
        if tokens[i].text == "." and tokens[i + 1].text in MACROS and tokens[i + 2].text == "(" and tokens[i + 3].kind == "id"
    }
    closing = _matching_brackets(tokens)
    order: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind == "id" and not (i > 0 and tokens[i - 1].text == ".") and token.text not in order:
            order.append(token.text)
    library = set(library_variables)
    roots = [n for n in order if n in library and n not in bound]
    roots += sorted(library - set(order) - bound)  # a use the tokenizer did not see: read it whole
    fields = {}
    for name in roots:
        found = _uses(tokens, name, 0, len(tokens), closing)
        fields[name] = None if found is _MISSING else found
    list_paths, unordered = _list_receivers(tokens, set(roots), closing)
    return Analysis(
        roots=tuple(roots),
        bound=frozenset(bound),
        fields=fields,
        functions=tuple(f for f in library_functions if IDENTIFIER.match(f)),
        list_paths=list_paths,
        unordered=unordered,
    )


def _list_receivers(tokens: list[Token], roots: set[str], closing: dict[int, int]):
    """The library iterates a map in a random order, different at every evaluation (a Rust HashMap), so
    `m.map(k, k)` over a map would make decisions that cannot be replayed. `all`/`exists`/`exists_one`
    do not depend on the order; `map`/`filter` do, so they may only be applied to a list literal, to a
    path from a variable (checked to be a list at evaluation), or to the result of another map/filter."""
    n, covered, paths = len(tokens), set(), []
    opening = {close: open_ for open_, close in closing.items()}

    def builder_at(k: int) -> bool:
        return k + 2 < n and tokens[k].text == "." and tokens[k + 1].text in _BUILDERS and tokens[k + 2].text == "(" \
            and (k + 2) in closing

    def follow(k: int) -> None:
        while builder_at(k):
            covered.add(k + 1)
            k = closing[k + 2] + 1

    for i, token in enumerate(tokens):
        if token.kind == "id" and token.text in roots and not (i > 0 and tokens[i - 1].text == "."):
            path, j = [], i + 1
            while True:
                if j + 2 < n and tokens[j].text == "[" and tokens[j + 1].kind == "str" and tokens[j + 2].text == "]":
                    key = _PLAIN_STRING.match(tokens[j + 1].text)
                    if key is None:
                        break
                    path.append(key.group(2))
                    j += 3
                elif j + 1 < n and tokens[j].text == "." and tokens[j + 1].kind == "id" and not builder_at(j) \
                        and not (j + 2 < n and tokens[j + 2].text == "("):
                    path.append(tokens[j + 1].text)
                    j += 2
                else:
                    break
            if builder_at(j):
                paths.append((token.text, tuple(path)))
                follow(j)
        elif token.kind == "op" and token.text == "]" and i in opening:
            start = opening[i]
            literal = start == 0 or (tokens[start - 1].kind == "op" and tokens[start - 1].text not in _CLOSE)
            if literal:
                follow(i + 1)
    unordered = tuple(
        tokens[k + 1].text for k in range(n) if builder_at(k) and (k + 1) not in covered
    )
    return tuple(dict.fromkeys(paths)), unordered


def canonical(value):
    """A value from CEL with its maps' keys sorted: the library returns maps in a random order."""
    kind = type(value)
    if kind is dict:
        return {k: canonical(value[k]) for k in sorted(value, key=lambda k: (type(k).__name__, str(k)))}
    if kind is list:
        return [canonical(v) for v in value]
    return value


def list_problem(values: dict, list_paths) -> str | None:
    """The first path that map/filter would iterate and that holds a map instead of a list."""
    for root, path in list_paths:
        value = values.get(root)
        for key in path:
            value = value.get(key) if type(value) is dict else None
        if type(value) is dict:
            where = ".".join((root, *path))
            return f"{where} 是映射而不是列表，map/filter 的结果顺序不确定"
    return None


# A projection says which parts of an input value an expression can read: None = all of it; a dict maps
# field names to the projection of that field, and the key "[]" to that of each element of a list the
# expression iterates with a macro (`records.exists(r, r.full_time)` -> {"records": {"[]": {"full_time": None}}}).
# Inputs are cut down to their projection before conversion into CEL values: what was left out could
# not have been read, so the result is the same, and conversion (~2 µs per string) is much cheaper.
_MISSING = object()
ELEMENTS = "[]"


def _matching_brackets(tokens: list[Token]) -> dict[int, int]:
    closing, stack = {}, []
    for i, token in enumerate(tokens):
        if token.kind == "op" and token.text in _OPEN:
            stack.append(i)
        elif token.kind == "op" and token.text in _CLOSE and stack:
            closing[stack.pop()] = i
    return closing


def merge(a, b):
    if a is _MISSING:
        return b
    if b is _MISSING:
        return a
    if a is None or b is None:
        return None
    out = dict(a)
    for key, value in b.items():
        out[key] = merge(out[key], value) if key in out else value
    return out


def _uses(tokens: list[Token], name: str, lo: int, hi: int, closing: dict[int, int]):
    """The merged projection of every use of `name` as a root in tokens[lo:hi]."""
    found = _MISSING
    for i in range(lo, hi):
        if tokens[i].kind == "id" and tokens[i].text == name and not (i > 0 and tokens[i - 1].text == "."):
            found = merge(found, _chain(tokens, i, hi, closing))
            if found is None:
                break
    return found


def _chain(tokens: list[Token], i: int, hi: int, closing: dict[int, int]):
    path, j, leaf = [], i + 1, None
    while j + 2 < hi and tokens[j].text == "[" and tokens[j + 1].kind == "str" and tokens[j + 2].text == "]" or (
        j + 1 < hi and tokens[j].text == "." and tokens[j + 1].kind == "id"
    ):
        if tokens[j].text == "[":  # map['key'] with a plain literal key reads one field, like map.key
            key = _PLAIN_STRING.match(tokens[j + 1].text)
            if key is None:
                break
            path.append(key.group(2))
            j += 3
            continue
        if j + 2 < hi and tokens[j + 2].text == "(":  # a call on the value reached so far
            is_macro = (
                tokens[j + 1].text in MACROS and j + 4 < hi and tokens[j + 3].kind == "id"
                and tokens[j + 4].text == "," and (j + 2) in closing
            )
            if is_macro and tokens[j + 1].text != "filter":  # filter returns the elements themselves
                inner = _uses(tokens, tokens[j + 3].text, j + 5, closing[j + 2], closing)
                leaf = {ELEMENTS: {} if inner is _MISSING else inner}
            break
        path.append(tokens[j + 1].text)
        j += 2
    for field_name in reversed(path):
        leaf = {field_name: leaf}
    return leaf


def project(value, node):
    """`value` cut down to projection `node`."""
    if node is None:
        return value
    kind = type(value)
    if kind is dict:
        if ELEMENTS in node:  # a macro iterates the keys of a map: keep it whole
            return value
        return {k: value[k] if sub is None else project(value[k], sub) for k, sub in node.items() if k in value}
    if kind is list and ELEMENTS in node and len(node) == 1:
        sub = node[ELEMENTS]
        return value if sub is None else [project(element, sub) for element in value]
    return value


# ---------------------------------------------------------------------------------------------------
# Inputs and computed values: JSON only, within the limits.

class _Problem(Exception):
    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message, self.path = message, path


def _walk(value, depth: int) -> int:
    """Number of values in `value`; raises _Problem past a limit or on a non-JSON value."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_STRING_LENGTH:
            raise _Problem(f"中的文字过长（上限 {MAX_STRING_LENGTH} 字）")
        return 1
    if value is None or kind is bool:
        return 1
    if kind is int:
        if not INT_MIN <= value <= INT_MAX:
            raise _Problem("中的整数超出范围")
        return 1
    if kind is float:
        if not math.isfinite(value):
            raise _Problem("中有非有限数值")
        return 1
    if kind is dict or kind is list:
        if depth >= MAX_INPUT_DEPTH and value:
            raise _Problem(f"嵌套过深（上限 {MAX_INPUT_DEPTH} 层）")
        count = 1
        if kind is list:
            if len(value) > MAX_LIST_LENGTH:
                raise _Problem(f"中的列表过长（{len(value)} 项，上限 {MAX_LIST_LENGTH}）")
            for element in value:
                kind = type(element)  # plain scalars inline: the common case, without a call
                if kind is str and len(element) <= MAX_STRING_LENGTH or element is None or kind is bool:
                    count += 1
                else:
                    count += _walk(element, depth + 1)
        else:
            for key, element in value.items():
                if type(key) is not str:
                    raise _Problem("中有非文字的键")
                kind = type(element)
                if kind is str and len(element) <= MAX_STRING_LENGTH or element is None or kind is bool:
                    count += 1
                    continue
                try:
                    count += _walk(element, depth + 1)
                except _Problem as problem:
                    problem.path = f"{key}.{problem.path}" if problem.path else key
                    raise
        if count > MAX_VALUE_NODES:
            raise _Problem(f"过大（超过 {MAX_VALUE_NODES} 个值）")
        return count
    # Plain JSON types only: subclasses (OrderedDict, IntEnum, str enums) and anything else are refused.
    raise _Problem(f"中有不支持的值类型 {kind.__name__}")


def check_value(value) -> str | None:
    """None if `value` is a plain JSON value CEL can take within the limits, else a Chinese description."""
    kind = type(value)
    if kind is bool or kind is int and INT_MIN <= value <= INT_MAX or value is None:
        return None  # the common case for computed facts
    try:
        _walk(value, 1)
    except _Problem as problem:
        return (f"字段 {problem.path} " if problem.path else "数据") + problem.message
    return None


ALLOWED_FUNCTIONS = CORE_FUNCTIONS | FUNCTIONS.keys()
