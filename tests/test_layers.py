"""The shape of the code: no import cycles, no oversized modules, a light config layer.

The import graph is read from the source with `ast` (every import statement, including
those inside functions and under `TYPE_CHECKING`), so a cycle is found even where the
runtime would tolerate it. Run this file as a script to print the cycles and the
oversized modules without pytest: `python tests/test_layers.py`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Packages whose modules must form an import graph without cycles.
GRAPH_PACKAGES = ("crawler", "storage", "spiders")
#: Packages whose modules must each stay within `MAX_LINES`.
SIZED_PACKAGES = ("crawler", "storage", "spiders", "replica", "bench")
MAX_LINES = 400


def module_files(packages: Iterable[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the given top-level packages."""
    found = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: dict[str, Path]
) -> Iterator[str]:
    """The modules one import statement loads, as dotted names (ours or not)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield _longest_known(alias.name, known)
        return
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    for alias in node.names:
        submodule = f"{base}.{alias.name}"  # `from package import module`
        yield submodule if submodule in known else base


def _longest_known(dotted: str, known: dict[str, Path]) -> str:
    """`import a.b.c` loads a.b.c: the longest prefix of the name that is one of our modules."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in known:
            return prefix
    return dotted


def import_graph(packages: Iterable[str] = GRAPH_PACKAGES) -> dict[str, set[str]]:
    """Module -> the modules of `packages` it imports (anywhere in its source)."""
    files = module_files(packages)
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name].update(
                    target
                    for target in _imported(node, name, is_package, files)
                    if target in files and target != name
                )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _describe(component: list[str], graph: dict[str, set[str]]) -> str:
    """A cycle as its modules and the imports between them."""
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return f"{', '.join(component)} ({'; '.join(edges)})"


def oversized(packages: Iterable[str] = SIZED_PACKAGES) -> list[str]:
    """Modules over `MAX_LINES` lines, as "path: N lines"."""
    found = []
    for path in module_files(packages).values():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(ROOT)}: {lines} lines")
    return found


def test_the_graph_sees_imports_inside_functions_and_relative_imports():
    graph = import_graph()
    # Sanity: edges the project is known to have, so an empty graph cannot pass.
    assert "crawler.config.base" in graph["crawler.config.model"]
    assert "crawler.content.extraction" in graph["crawler.crawl.pipelines"]


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = import_graph()
    found = [_describe(component, graph) for component in cycles(graph)]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_module_over_the_line_limit():
    found = oversized()
    assert not found, f"modules over {MAX_LINES} lines:\n" + "\n".join(found)


def test_the_config_model_imports_no_crawling_or_extraction_code():
    # Every command reads the config; it must not pay for (or depend on) the layers above.
    probe = (
        "import crawler.config.model, sys; "
        "heavy = [m for m in sys.modules if m in ('trafilatura', 'scrapy', 'crawler.content')"
        " or m.startswith(('trafilatura.', 'scrapy.', 'crawler.content.', 'crawler.discovery',"
        " 'crawler.crawl', 'htmldate', 'twisted'))]; "
        "print(' '.join(sorted(heavy)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


if __name__ == "__main__":
    graph = import_graph()
    for component in cycles(graph):
        print("cycle:", _describe(component, graph))
    for line in oversized():
        print("oversized:", line)
