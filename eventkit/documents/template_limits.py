"""Limits on rendering a template: time and output size, past which the template stops with its file and line.

Jinja2's sandbox keeps a template away from Python's internals but puts no bound on the work it does:
``{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}`` runs for hours. A template
(ours, or a user's templates folder) therefore renders within a budget, checked cooperatively from inside the
template's own code -- no thread is killed and nothing is left half-done:

- every ``{% for %}`` loop iterates through :func:`counted` (each template is rewritten so when it is parsed),
  and every call, attribute and item lookup the sandbox intercepts counts too; each count looks at the clock
  now and then, and past the deadline the template stops where it is, so the error names that line;
- the output is collected chunk by chunk and stops past its size limit (at the line producing it);
- single operations that would build something huge in one step are refused before they run: ``'x' * 10**9``,
  ``7 ** 99999999``, and a ``namespace()`` attribute set to a text or list longer than the output limit (doubling
  a text in a loop).

Why not a worker process with a deadline: the preview renders in its request threads, many times a minute, and
forking a threaded process is unsafe while spawning one costs a second per page; the cooperative checks stop
every construct a Jinja template has to loop with. A single call of a filter with a huge width
(``'x'|center(10**9)``) still runs to its end (a second or two) and its output is then refused.

The limits: :data:`MAX_SECONDS` per document (``EVENTKIT_TEMPLATE_SECONDS`` sets another) and
:data:`MAX_OUTPUT_CHARS` of HTML per document. eventkit's own templates take under 2 s and 0.5 MB for an event
of 2,000 participants and 200 sessions.
"""

from __future__ import annotations

import contextvars
import os
import time
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.nodes import Template as TemplateNode
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

T = TypeVar("T")

MAX_SECONDS = 30.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_POWER_BITS = 100_000  # 2 ** 100000 has 30,103 digits
COUNTED = "_eventkit_counted"  # the global every for loop's iterable goes through
CLOCK_EVERY = 1024  # look at the clock every this many counts

_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("eventkit_template_budget", default=None)


class TemplateLimit(Exception):
    """A template went past a limit; raised inside the template's code, so its traceback names the line."""


class Budget:
    def __init__(self, seconds: float, chars: int) -> None:
        self.seconds = seconds
        self.chars = chars
        self.deadline = time.monotonic() + seconds
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(
                f"the template ran longer than {self.seconds:g} seconds, eventkit's limit for one "
                "document (a loop that does not end, or loops nested too deep?)"
            )


def limit_seconds() -> float:
    """The time limit per document: MAX_SECONDS, or EVENTKIT_TEMPLATE_SECONDS when it is a positive number."""
    try:
        seconds = float(os.environ.get("EVENTKIT_TEMPLATE_SECONDS", ""))
    except ValueError:
        return MAX_SECONDS
    return seconds if 0 < seconds < 86400 else MAX_SECONDS


def _tick() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.tick()


def counted(iterable: Iterable[T]) -> Iterator[T]:
    """A for loop's items, each counted against the budget."""
    for item in iterable:
        _tick()
        yield item


def render_within_limits(
    template: Template, context: dict[str, Any], seconds: float | None = None, chars: int = MAX_OUTPUT_CHARS
) -> str:
    """``template`` rendered with ``context`` within the budget; :class:`TemplateLimit` (located by the template's
    frame in its traceback) past it."""
    budget = Budget(limit_seconds() if seconds is None else seconds, chars)
    token = _budget.set(budget)
    try:
        chunks: list[str] = []
        size = 0
        # typed an Iterator by Jinja2, it is a generator: the limit is raised inside it, at the template's line
        generator = cast("Generator[str, None, None]", template.generate(**context))
        for chunk in generator:
            size += len(chunk)
            if size > chars:  # raised at the template's line that produced the chunk
                generator.throw(
                    TemplateLimit(
                        f"the document's HTML is longer than {chars:,} characters, eventkit's limit for one document"
                    )
                )
            budget.tick()
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        _budget.reset(token)


def _too_large(operator: str, left: object, right: object, chars: int) -> str | None:
    """Why ``left operator right`` would be too large to compute, or None."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and not isinstance(times, bool):
                if len(sequence) * times > chars:
                    return f"'*' would make {len(sequence) * times:,} items (at most {chars:,})"
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        if right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
            return f"'**' would make a number of more than {MAX_POWER_BITS // 3:,} digits"
    return None


def limited_sandbox_class() -> type[SandboxedEnvironment]:
    """The sandboxed environment with the budget's hooks (a function: Jinja2 is imported only when rendering)."""
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment
    from jinja2.utils import Namespace

    class LimitedNamespace(Namespace):
        def __setitem__(self, name: str, value: Any) -> None:
            if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_OUTPUT_CHARS:
                raise TemplateLimit(
                    f"namespace attribute '{name}' would hold {len(value):,} items (at most {MAX_OUTPUT_CHARS:,})"
                )
            _tick()
            super().__setitem__(name, value)

    class LimitedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.globals[COUNTED] = counted
            self.globals["namespace"] = LimitedNamespace

        def _parse(self, source: str, name: str | None, filename: str | None) -> TemplateNode:
            tree = super()._parse(source, name, filename)
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Call(
                    nodes.Name(COUNTED, "load", lineno=loop.lineno), [loop.iter], [], None, None, lineno=loop.lineno
                )
            return tree

        def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            _tick()
            return super().call(__context, __obj, *args, **kwargs)

        def getattr(self, obj: Any, attribute: str) -> Any:
            _tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _tick()
            return super().getitem(obj, argument)

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            budget = _budget.get()
            problem = _too_large(operator, left, right, budget.chars if budget else MAX_OUTPUT_CHARS)
            if problem:
                raise TemplateLimit(problem)
            return super().call_binop(context, operator, left, right)

    return LimitedSandbox
