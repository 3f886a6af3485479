"""Every query parameter and every integer in a path, fed non-ASCII digits and huge numbers
(issue 20, finding 10: ``?quote=²`` on a thread and ``?group=²`` on the audit log gave 500).

The routes come from the URL resolver (through the authorization table, which has a concrete
path for every route); the query parameters each view reads come from its module's source
(every ``.get("name")`` or ``["name"]`` on ``request.GET`` or a ``source`` chosen from it).
Each is requested as a member and as a moderator: nothing may answer 500.
"""

import ast
import importlib
import inspect
from functools import cache

import pytest
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch

from tests.security.authz_table import ROUTES
from tests.security.sweep_support import build_world, client_for, request_isolated

ODD_NUMBERS = [
    "²",  # superscript two: isdigit() is true, int() refuses it
    "١٢",  # Arabic-Indic digits: int() reads them as 12
    "９",  # full-width nine
    "99999999999999999999",
    str(2**63),
    "-1",
    " 7",
    "0" * 300 + "1",
]
HUGE = "99999999999999999999"
ROLES_TRIED = ("member", "moderator")
# Wagtail serves the guide pages through its own view; their query strings are read here.
EXTRA_MODULES = {"wagtail.views": ("content.models",)}


def _reads_query(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return "GET" in text or text in {"source", "params"}


def _names_in(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and _reads_query(node.func.value)
        ):
            names.add(node.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
            and _reads_query(node.value)
        ):
            names.add(node.slice.value)
    return names


@cache
def _module_tree(module_name: str) -> ast.Module | None:
    try:
        return ast.parse(inspect.getsource(importlib.import_module(module_name)))
    except (OSError, TypeError, ImportError, SyntaxError):
        return None


@cache
def query_params_read_in(module_name: str, function: str | None = None) -> tuple[str, ...]:
    """The query-string names a view function reads (with the functions of its module it
    calls by name), or a whole module when ``function`` is None, found in the source."""
    tree = _module_tree(module_name)
    if tree is None:
        return ()
    if function is None:
        return tuple(sorted(_names_in(tree)))
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    seen, names, todo = set(), set(), [function]
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        names |= _names_in(functions[name])
        todo += [
            node.func.id
            for node in ast.walk(functions[name])
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        ]
    return tuple(sorted(names))


def _fill(path: str, params: dict) -> str:
    return path.format(**{k: v for k, v in params.items() if isinstance(v, str | int)})


def _targets(world) -> list[tuple[str, str]]:
    """(route, path) for every route, with the parameters its view reads."""
    targets = []
    for route, (path, _get, _post) in ROUTES.items():
        try:
            filled = _fill(path, world.params)
        except (KeyError, IndexError):
            continue
        targets.append((route, filled))
    return targets


def _params_of(path: str) -> set[str]:
    """The query names the view behind ``path`` reads."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return set()
    view = inspect.unwrap(match.func)
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        names = set(query_params_read_in(view_class.__module__, view_class.__name__))
    else:
        names = set(query_params_read_in(view.__module__, view.__name__))
    for extra in EXTRA_MODULES.get(view.__module__, ()):
        names |= set(query_params_read_in(extra))
    return names


def _with_param(path: str, name: str, value: str) -> str:
    from urllib.parse import urlencode

    base, _, query = path.partition("?")
    kept = [pair for pair in query.split("&") if pair and not pair.startswith(f"{name}=")]
    return base + "?" + "&".join([*kept, urlencode({name: value})])


@pytest.fixture
def world(db):
    return build_world()


def test_the_scan_finds_the_parameters_we_know_about():
    assert "quote" in query_params_read_in("forum.views", "thread_detail")
    assert {"group", "page"} <= set(query_params_read_in("moderation.views", "audit"))
    assert "page" in query_params_read_in("moderation.views", "queue")  # via _queue_page
    assert {"tag", "page"} <= set(query_params_read_in("content.models"))


@pytest.mark.parametrize("role", ROLES_TRIED)
def test_no_query_parameter_of_any_route_answers_500_to_odd_numbers(world, role):
    client = client_for(world, role)
    failures = []
    tried = 0
    for route, path in _targets(world):
        for name in sorted(_params_of(path)):
            for value in ODD_NUMBERS:
                url = _with_param(path, name, value)
                response = request_isolated(client, "GET", url)
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"{route}: GET {url} -> {response.status_code}")

    assert tried > 150
    assert failures == []


@pytest.mark.parametrize("role", ROLES_TRIED)
def test_no_integer_in_any_path_answers_500_when_it_is_huge(world, role):
    client = client_for(world, role)
    failures = []
    tried = 0
    for route, path in _targets(world):
        try:
            match = resolve(path.split("?")[0])
        except Resolver404:
            continue
        integers = [key for key, value in match.kwargs.items() if isinstance(value, int)]
        if not integers or not match.view_name:
            continue
        kwargs = {**match.kwargs, **dict.fromkeys(integers, HUGE)}
        try:
            url = reverse(match.view_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        for method in ("GET", "POST"):
            response = request_isolated(client, method, url)
            tried += 1
            if response.status_code >= 500:
                failures.append(f"{route}: {method} {url} -> {response.status_code}")

    assert tried > 20
    assert failures == []


@pytest.mark.parametrize("value", ["²", "١٢", HUGE])
def test_the_two_reported_cases_answer_calmly(world, value):
    """``?quote=`` on a thread (member) and ``?group=`` on the audit log (moderator)."""
    member = client_for(world, "member")
    moderator = client_for(world, "moderator")
    thread_path = _fill("/groups/{slug}/threads/{thread}/", world.params)

    quote = request_isolated(member, "GET", _with_param(thread_path, "quote", value))
    audit = request_isolated(moderator, "GET", _with_param("/moderation/audit/", "group", value))

    assert quote.status_code in (200, 404)
    assert audit.status_code == 200
