"""What the OpenAI and Anthropic wrappers share: guarded streams and the create() wrapper itself."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from typing import Any, Protocol

from policy_gov.guard import AsyncGuard, Guard, Slot, StreamState

Deltas = list[tuple[Any, str, Callable[[str], None]]]


class Provider(Protocol):
    """How one provider's create() call is read and written."""

    def model(self, kwargs: dict[str, Any]) -> str: ...

    def request_slots(self, kwargs: dict[str, Any]) -> tuple[list[Slot], Callable[[str], None]]: ...

    def max_tokens(self, kwargs: dict[str, Any]) -> int | None: ...

    def set_max_tokens(self, kwargs: dict[str, Any], value: int) -> None: ...

    def response_pieces(self, response: Any) -> list[Slot] | None: ...

    def chunk_deltas(self, chunk: Any) -> Deltas: ...


class GuardedStream:
    """Iterates a provider stream, delivering only what the guard's checks let through."""

    def __init__(self, inner: Any, guard: Guard, model: str, provider: Provider) -> None:
        self._inner = inner
        self._guard = guard
        self._model = model
        self._provider = provider
        self._state = guard.new_stream_state(rewrites=getattr(provider, "stream_rewrites", True))
        self._iterator = self._run()

    def _run(self) -> Generator[Any, None, None]:
        try:
            for chunk in self._inner:
                if self._state.add(chunk, self._provider.chunk_deltas(chunk)):
                    yield from self._guard.stream_check(self._model, self._state, final=False)
            yield from self._guard.stream_check(self._model, self._state, final=True)
        finally:
            self._inner.close()

    def __iter__(self) -> Iterator[Any]:
        return self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def __enter__(self) -> GuardedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._iterator.close()
        self._inner.close()

    def __getattr__(self, name: str) -> Any:  # response, headers, ... of the provider's stream
        return getattr(self._inner, name)


class AsyncGuardedStream:
    """``GuardedStream`` for async provider streams."""

    def __init__(self, inner: Any, guard: AsyncGuard, model: str, provider: Provider) -> None:
        self._inner = inner
        self._guard = guard
        self._model = model
        self._provider = provider
        self._state: StreamState = guard.new_stream_state(rewrites=getattr(provider, "stream_rewrites", True))
        self._iterator = self._run()

    async def _run(self) -> AsyncGenerator[Any, None]:
        try:
            async for chunk in self._inner:
                if self._state.add(chunk, self._provider.chunk_deltas(chunk)):
                    for out in await self._guard.stream_check(self._model, self._state, final=False):
                        yield out
            for out in await self._guard.stream_check(self._model, self._state, final=True):
                yield out
        finally:
            await self._inner.close()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterator

    async def __anext__(self) -> Any:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> AsyncGuardedStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self._inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _prepare(provider: Provider, kwargs: dict[str, Any]) -> tuple[str, list[Slot], Callable[[str], None]]:
    return provider.model(kwargs), *provider.request_slots(kwargs)


def guard_create(create: Callable[..., Any], guard: Guard | AsyncGuard, provider: Provider) -> Callable[..., Any]:
    """Wrap a provider's create(): check the request (rewriting it), call, check the answer."""
    owner = getattr(create, "__self__", None)
    is_async = inspect.iscoroutinefunction(inspect.unwrap(create)) or type(owner).__name__.startswith("Async")
    if is_async:
        if not isinstance(guard, AsyncGuard):
            raise TypeError("an async client needs an AsyncGuard (over an AsyncClient)")
        return _async_create(create, guard, provider)
    if not isinstance(guard, Guard):
        raise TypeError("a sync client needs a Guard (over a Client)")
    return _sync_create(create, guard, provider)


def _sync_create(create: Callable[..., Any], guard: Guard, provider: Provider) -> Callable[..., Any]:
    @functools.wraps(create)
    def guarded(*args: Any, policy_approval_id: str | None = None, **original: Any) -> Any:
        def retry(approval_id: str) -> Any:
            return guarded(*args, policy_approval_id=approval_id, **original)

        kwargs = dict(original)
        model, slots, insert_system = _prepare(provider, kwargs)
        clamp = guard.check_slots(
            model,
            slots,
            insert_system,
            max_tokens=provider.max_tokens(kwargs),
            approval_id=policy_approval_id,
            retry=retry,
        )
        if clamp is not None:
            provider.set_max_tokens(kwargs, clamp)
        response = create(*args, **kwargs)
        if kwargs.get("stream") and guard.check_responses:
            return GuardedStream(response, guard, model, provider)
        pieces = provider.response_pieces(response)
        if pieces is not None:
            guard.check_pieces(model, pieces, retry=retry)
        return response

    return guarded


def _async_create(create: Callable[..., Any], guard: AsyncGuard, provider: Provider) -> Callable[..., Any]:
    @functools.wraps(create)
    async def guarded(*args: Any, policy_approval_id: str | None = None, **original: Any) -> Any:
        async def retry(approval_id: str) -> Any:
            return await guarded(*args, policy_approval_id=approval_id, **original)

        kwargs = dict(original)
        model, slots, insert_system = _prepare(provider, kwargs)
        clamp = await guard.check_slots(
            model,
            slots,
            insert_system,
            max_tokens=provider.max_tokens(kwargs),
            approval_id=policy_approval_id,
            retry=retry,
        )
        if clamp is not None:
            provider.set_max_tokens(kwargs, clamp)
        response = await create(*args, **kwargs)
        if kwargs.get("stream") and guard.check_responses:
            return AsyncGuardedStream(response, guard, model, provider)
        pieces = provider.response_pieces(response)
        if pieces is not None:
            await guard.check_pieces(model, pieces, retry=retry)
        return response

    return guarded
