"""The site's modifications, rendered by a worker process while MkDocs builds the site.

MkDocs reads and converts the pages one at a time on one core. The plugin's main process only
needs the site's plan (:mod:`generator.site.plan`, from the folder listing) to tell MkDocs every
file, so it starts one worker as soon as its options are loaded (:func:`start_method` says how)
and leaves it all the rest:
importing the pipeline, loading each modification, rendering its pages, the site's own pages,
the Word files, and the render cache. The worker works in the order MkDocs asks:

1. for each modification in turn, its pages: from the cache when its inputs are unchanged, or
   else loaded (that modification alone, so the first page is ready at once) and rendered;
2. the site's own pages (home, list, rules reference, calculator), which list every
   modification;
3. for each modification, its downloads (the plugin writes them only after MkDocs has built
   every page's HTML), after which its complete entry is stored in the cache.

Every result is checked against the plan the main process announced. A content problem found
while loading one modification makes the worker load every modification not yet rendered, so
the error lists every problem at once, as the in-process build does
(:func:`generator.site.pages.generate_site`).

This module imports nothing heavy: the pipeline is imported in the worker only.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import BuildError, Location, Problem
from generator.site.plan import MODIFICATIONS, SitePlan

if TYPE_CHECKING:
    from generator.documents.base import Output
    from generator.load import Content
    from generator.site.cache import RenderCache
    from generator.site.pages import ModificationSite
    from generator.site.published import SitePage

__all__ = ["Renders", "has_spare_core", "start_method"]

#: The task that renders the site's own pages, after every modification's.
_SECTIONS = "*sections*"
#: The task that closes the cache, after every download.
_FINISH = "*finish*"
#: How often (seconds) a wait for the worker checks that it is still alive.
_POLL = 0.5


def has_spare_core() -> bool:
    """Whether a worker would have a core of its own (else the site is made in-process)."""
    return (os.cpu_count() or 1) >= 2


def start_method() -> str:
    """How to start the worker: forked, which is quickest (it inherits what MkDocs imported),
    where that is safe, that is on Linux from a process with no other thread; else spawned (a
    fresh interpreter: on Windows and macOS, and under ``mkdocs serve``, whose server threads
    may hold locks at the moment of a fork). The worker needs nothing of this process but its
    arguments, so either way it renders the same site."""
    forkable = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
    return "fork" if forkable and threading.active_count() == 1 else "spawn"


class Renders:
    """The main process's end: starts the worker, and hands out pages and downloads in order.

    ``page`` and ``file`` wait for the worker when it is behind; a ``SecmodError`` raised in the
    worker is raised again here, by the call that wanted its result.
    """

    def __init__(
        self,
        content_dir: Path,
        templates: Path,
        cache_dir: Path | None,
        plan: SitePlan,
        *,
        method: str | None = None,
    ) -> None:
        self.plan = plan
        self._owner = {
            uri: mod_id
            for mod_id, planned in plan.modifications.items()
            for uri in (*planned.pages, *planned.files)
        }
        self._owner.update({page.uri: _SECTIONS for page in plan.sections})
        self._page_tasks = [*plan.ids, _SECTIONS]
        self._file_tasks = [*plan.ids, _FINISH]
        self._pages: dict[str, SitePage] = {}
        self._files: dict[str, bytes] = {}
        self._pages_of: set[str] = set()  # the tasks whose pages (or error) came back
        self._files_of: set[str] = set()
        self.stats: tuple[int, int] = (0, 0)
        context = multiprocessing.get_context(method or start_method())
        # A forked worker inherits every object of this process. Frozen at the fork, they are
        # left out of the worker's garbage collections, which would otherwise walk them all
        # and copy each memory page they touch (Python's advice for fork, see gc.freeze); this
        # process unfreezes its own at once, so what MkDocs frees is still collected. (A freeze
        # made by someone else is left alone.)
        forked = context.get_start_method() == "fork" and gc.get_freeze_count() == 0
        if forked:
            gc.freeze()
        try:
            self._pool = context.Pool(
                1, initializer=_start, initargs=(content_dir, templates, cache_dir, plan)
            )
        finally:
            if forked:
                gc.unfreeze()
        # The pool would start another worker in place of one that died (see _next).
        (self._worker,) = self._pool._pool  # type: ignore[attr-defined]
        # One worker takes the tasks in order: every page first, then every download.
        self._page_results: Iterator[list[SitePage]] = self._pool.imap(
            _pages_task, self._page_tasks
        )
        self._file_results: Iterator[Any] = self._pool.imap(_files_task, self._file_tasks)

    def page(self, uri: str) -> SitePage:
        """The generated page ``uri`` (Markdown and widgets)."""
        owner = self._owner[uri]
        while owner not in self._pages_of:
            try:
                made = self._next(self._page_results)
            finally:  # an error stands for the task's result
                self._pages_of.add(self._page_tasks[len(self._pages_of)])
            self._pages.update((page.uri, page) for page in made)
        return self._pages[uri]

    def file(self, uri: str) -> bytes:
        """The bytes of the generated download ``uri``."""
        owner = self._owner[uri]
        while owner not in self._files_of:
            try:
                made = self._next(self._file_results)
            finally:
                self._files_of.add(self._file_tasks[len(self._files_of)])
            self._files.update(made)
        return self._files[uri]

    def _next(self, results: Any) -> Any:
        """The next result, waiting for it; ``BuildError`` if the worker died meanwhile.

        The pool starts another worker in place of a dead one, but that one has lost the
        first's state and the task it held: whatever comes after a death is not trusted.
        """
        while True:
            try:
                result = results.next(timeout=_POLL)
            except multiprocessing.TimeoutError:
                self._check_alive()
                continue
            except Exception:
                self._check_alive()
                raise
            self._check_alive()
            return result

    def _check_alive(self) -> None:
        code = self._worker.exitcode
        if code is not None:
            why = "killed by a signal, perhaps for lack of memory" if code < 0 else "see above"
            raise BuildError(
                [
                    Problem(
                        Location("generator/site/renders.py"),
                        "",
                        f"the worker rendering the site stopped unexpectedly (exit code {code};"
                        f" {why})",
                    )
                ]
            ) from None

    def finish(self) -> tuple[int, int]:
        """Wait for every task (the cache is complete then), stop the worker, and return the
        cache's hits and misses."""
        for task in self._page_tasks[len(self._pages_of) :]:
            self._pages_of.add(task)
            self._next(self._page_results)
        for task in self._file_tasks[len(self._files_of) :]:
            self._files_of.add(task)
            result = self._next(self._file_results)
            if isinstance(result, tuple):
                self.stats = result
        self.close()
        return self.stats

    def close(self) -> None:
        """Stop the worker, done or not."""
        self._pool.terminate()
        self._pool.join()


# --- in the worker ---------------------------------------------------------------------------

_WORKER: _Worker | None = None


def _start(content_dir: Path, templates: Path, cache_dir: Path | None, plan: SitePlan) -> None:
    global _WORKER
    # Importing the pipeline makes many objects and next to no garbage: collecting meanwhile
    # would only delay the first page.
    gc.disable()
    try:
        _WORKER = _Worker(content_dir, templates, cache_dir, plan)
    finally:
        gc.enable()


def _pages_task(task: str) -> list[SitePage]:
    assert _WORKER is not None
    return _WORKER.sections() if task == _SECTIONS else _WORKER.pages(task)


def _files_task(task: str) -> dict[str, bytes] | tuple[int, int]:
    assert _WORKER is not None
    return _WORKER.finish() if task == _FINISH else _WORKER.files(task)


class _Worker:
    """What the worker keeps between tasks: the content loaded so far, sites, cache keys."""

    def __init__(
        self, content_dir: Path, templates: Path, cache_dir: Path | None, plan: SitePlan
    ) -> None:
        from generator.build import render_modification
        from generator.site import pages
        from generator.site.cache import RenderCache

        self._render = render_modification
        self._pages = pages
        self.content_dir = content_dir
        self.templates = templates
        self.plan = plan
        self.cache: RenderCache | None = RenderCache(cache_dir) if cache_dir else None
        self.content: Content | None = None
        self.sites: dict[str, ModificationSite] = {}
        self.kept: dict[str, Sequence[Output]] = {}
        self.keys: dict[str, str] = {}

    def pages(self, mod_id: str) -> list[SitePage]:
        planned = self.plan.modifications[mod_id]
        if self.cache is not None:
            self.keys[mod_id] = self.cache.key(self.content_dir, mod_id, self.templates)
            hit = self.cache.get(self.keys[mod_id])
            if hit is not None:
                self._pages.same_plan(planned, hit)
                self.sites[mod_id] = hit
                return hit.pages
        content = self._load(mod_id)
        mod = content.modifications[mod_id]
        outputs = self._render(content, mod, self.templates).outputs
        site = self._pages.modification_site(
            content, mod, self.templates, downloads=False, outputs=outputs
        )
        self._pages.same_plan(planned, site)  # the folder may have changed since it was listed
        self.kept[mod_id] = outputs
        self.sites[mod_id] = site
        return site.pages

    def _load(self, mod_id: str) -> Content:
        from generator.errors import ContentError
        from generator.folders import ID_PATTERN
        from generator.load import load_content, load_modification_folder

        try:
            if self.content is None or not ID_PATTERN.fullmatch(mod_id):
                loaded = load_content(self.content_dir, [mod_id])
                self.content = self.content or loaded
                self.content.modifications.update(loaded.modifications)
                self.content.sources.update(loaded.sources)
            else:
                problems: list[Problem] = []
                folder = self.content.folder(mod_id)
                mod = load_modification_folder(
                    folder,
                    self.content.objectives,
                    problems,
                    self.content.sources,
                    self.content.releases,
                )
                if problems or mod is None:
                    raise ContentError(problems)
                self.content.modifications[mod_id] = mod
        except ContentError as found:
            # Every problem at once: load whatever is left to render, as the in-process build.
            left = [i for i in self.plan.ids if i not in self.sites]
            load_content(self.content_dir, left)
            raise found from None
        return self.content

    def sections(self) -> list[SitePage]:
        if not self.plan.ids:
            from generator.load import load_content

            load_content(self.content_dir, [])  # objectives.yaml is checked all the same
        ordered = [self.sites[i] for i in self.plan.ids]
        made = self._pages.section_pages(
            [s.summary for s in ordered],
            [s.examples for s in ordered if s.examples is not None],
            self.templates,
        )
        planned, found = [p.uri for p in self.plan.sections], [p.uri for p in made]
        if found != planned:
            where = Location("generator/site/plan.py")
            raise BuildError([Problem(where, "", f"planned {planned}, made {found}")])
        return made

    def files(self, mod_id: str) -> dict[str, bytes]:
        site = self.sites.pop(mod_id)
        outputs = self.kept.pop(mod_id, None)
        if outputs is None:  # from the cache, complete
            return {f.uri: self._data(f.data) for f in site.files}
        folder = f"{MODIFICATIONS}/{mod_id}"
        by_uri = {f"{folder}/{o.filename}": o for o in outputs}
        files = [self._pages.SiteFile(f.uri, by_uri[f.uri].content()) for f in site.files]
        if self.cache is not None:
            complete = self._pages.ModificationSite(site.pages, files, site.summary, site.examples)
            self.cache.put(self.keys[mod_id], complete)
        return {f.uri: self._data(f.data) for f in files}

    @staticmethod
    def _data(data: bytes | None) -> bytes:
        assert data is not None
        return data

    def finish(self) -> tuple[int, int]:
        if self.cache is None:
            return (0, 0)
        self.cache.prune()
        return (self.cache.hits, self.cache.misses)
