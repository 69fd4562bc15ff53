"""One sync run: handshake, push the outbox in batches, pull pages after the cursor (DESIGN §5).

The engine knows the local store only through :class:`LocalChanges` (the store's ``SyncRepo``
satisfies it structurally) and central only through :class:`~desktop.sync.client.SyncClient`.
Failures pause, never discard: only mutations named in a parsed receipt leave the outbox, and
every step can be re-run. Runs on the DB worker thread; must not touch Qt.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import Cancelled, SyncError, SyncErrorKind
from desktop.killpoints import kill_point
from desktop.sync.client import BatchTooLarge, SyncClient
from desktop.sync.protocol import Handshake, PullPage, PushRequest, PushResponse, Receipt, ReceiptStatus

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class LocalChanges(Protocol):
    """The local store as sync needs it (implemented by ``desktop.store.records.SyncRepo``).

    Mutations are dicts with the :class:`~desktop.sync.protocol.Mutation` fields; pulled rows are
    dicts with the :class:`~desktop.sync.protocol.PulledRow` fields.
    """

    @property
    def device_id(self) -> str:
        """This device's UUID."""
        ...

    def get_state(self, key: str) -> str | None:
        """Return a persisted sync value (``server_id``, ``epoch``, ``cursor``, ``acked_high_water``)."""
        ...

    def set_states(self, values: Mapping[str, str]) -> None:
        """Persist several sync values in one transaction."""
        ...

    def pending_count(self) -> int:
        """Return how many mutations wait to be sent."""
        ...

    def pending_mutations(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        """Return up to ``limit`` pending mutations numbered above ``after``, oldest first."""
        ...

    def retained_mutations(self, after: int, limit: int) -> list[dict[str, Any]]:
        """Return up to ``limit`` mutations (sent or pending) numbered above ``after``, oldest first."""
        ...

    def record_receipts(self, receipts: Iterable[Mapping[str, Any]], states: Mapping[str, str] | None = None) -> None:
        """Store receipts and the sync values ``states`` in one transaction; only the receipted
        mutations leave the pending state."""
        ...

    def apply_pulled(self, rows: Sequence[Mapping[str, Any]], next_cursor: int) -> int:
        """Store pulled rows and the new cursor in one transaction; return rows changed."""
        ...

    def replace_conflicts(self, conflicts: Sequence[Mapping[str, Any]]) -> None:
        """Replace the local list of open conflicts with central's (one transaction)."""
        ...

    def prune_sent(self, retention_days: int = ...) -> int:
        """Delete acknowledged mutations older than the retention window; return how many."""
        ...


@dataclass
class SyncReport:
    """What one sync run did. Counts are mutations (push) and rows (pull); ``seconds`` is wall time."""

    pushed: int = 0
    applied: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0
    pulled: int = 0
    cursor: int = 0
    conflicts_open: int = 0
    batches: int = 0
    seconds: float = 0.0


def _check_cancel(should_cancel: Callable[[], bool] | None) -> None:
    if should_cancel is not None and should_cancel():
        raise Cancelled("sync cancelled")


def _local_receipt(receipt: Receipt) -> dict[str, Any]:
    """The receipt as the store records it: a repeat keeps its original verdict for the outbox."""
    out = receipt.model_dump(mode="json")
    if receipt.status is ReceiptStatus.DUPLICATE:
        if receipt.reasons:
            out["status"] = ReceiptStatus.REJECTED.value
        elif receipt.server_fields is not None:
            out["status"] = ReceiptStatus.CONFLICT.value
    return out


def _bind(local: LocalChanges, hs: Handshake) -> None:
    """Check the server identity and schema; bind on first contact; reset the cursor on a new epoch."""
    bound = local.get_state("server_id")
    if bound and bound != hs.server_id:
        raise SyncError(SyncErrorKind.WRONG_SERVER,
                        f"this device belongs to server {bound}; central is {hs.server_id}")
    if not hs.min_schema_version <= SCHEMA_VERSION <= hs.schema_version:
        raise SyncError(SyncErrorKind.UPGRADE_REQUIRED,
                        f"client schema {SCHEMA_VERSION}, server accepts "
                        f"{hs.min_schema_version}..{hs.schema_version}")
    epoch = local.get_state("epoch")
    if not bound:
        local.set_states({"server_id": hs.server_id, "epoch": str(hs.epoch)})
        logger.info("bound to central %s (epoch %d)", hs.server_id, hs.epoch)
    elif epoch != str(hs.epoch):
        logger.warning("central epoch %s -> %d: pulling everything again", epoch, hs.epoch)
        local.set_states({"epoch": str(hs.epoch), "cursor": "0"})


def run_sync(
    local: LocalChanges,
    client: SyncClient,
    *,
    batch_size: int = 500,
    page_size: int = 2000,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    authorize: Callable[[], None] | None = None,
    rescope: Callable[[str], object] | None = None,
) -> SyncReport:
    """Synchronise the local store with central once: handshake, push, pull.

    Args:
        local: the local store's sync side.
        client: a client of the central endpoint.
        batch_size: mutations per push (halved on 413, down to 1).
        page_size: rows per pull page (≤ 5000).
        progress: called as ``progress(stage, done, total)`` with stage "handshake", "push",
            "pull" or "conflicts" (pull's total is 0: unknown).
        should_cancel: polled between batches and pages.
        authorize: called after central's identity was checked (``GET /health``, no token
            needed) and before the first authenticated request: makes sure the client has a
            valid access token (the sync service refreshes it). Raises SyncError(AUTH) to stop.
        rescope: called with the handshake's new scope digest when the user's scope changed (issue 7:
            a grid reassigned, a new sample), after everything was pushed and before the pull. It must
            remove the rows the device holds without unsent edits and, in the same transaction,
            store ``scope`` and cursor 0. None: only the scope and cursor 0 are stored (a re-pull).
            Not called on the device's first contact (it holds only its own edits).

    Returns:
        The :class:`SyncReport`.

    Raises:
        SyncError: a step failed (kind says why); WRONG_SERVER before anything is sent.
        Cancelled: ``should_cancel`` returned True; completed batches and pages are kept.
    """
    started = time.monotonic()
    report = SyncReport()
    logger.info("sync start: %d pending", local.pending_count())
    if progress is not None:
        progress("handshake", 0, 0)
    bound = local.get_state("server_id")
    identity = client.health().server_id
    if bound and identity != bound:  # before any token is shown to it
        raise SyncError(SyncErrorKind.WRONG_SERVER, f"this device belongs to server {bound}; central is {identity}")
    if authorize is not None:
        authorize()
    hs = client.handshake(local.device_id)
    _bind(local, hs)
    _push_all(local, client, hs, report, batch_size, progress, should_cancel)
    _check_scope(local, hs, rescope)
    _pull_all(local, client, report, page_size, progress, should_cancel)
    _check_cancel(should_cancel)
    if progress is not None:
        progress("conflicts", 0, 0)
    open_conflicts = client.conflicts().conflicts
    local.replace_conflicts([c.model_dump(mode="json") for c in open_conflicts])
    report.conflicts_open = len(open_conflicts)
    pruned = local.prune_sent()
    if pruned:
        logger.info("pruned %d acknowledged mutations past the retention window", pruned)
    report.seconds = time.monotonic() - started
    logger.info("sync done: %s", report)
    return report


def _check_scope(local: LocalChanges, hs: Handshake, rescope: Callable[[str], object] | None) -> None:
    """After the push: when central says the user's scope changed, start the pull again from 0 and
    (with ``rescope``) drop what the device may no longer hold. Only rows without unsent edits go:
    the push above has sent everything pending; refused edits stay, in 需处理 (DESIGN §4)."""
    stored = local.get_state("scope")
    if stored == hs.scope:
        return
    first_contact = stored is None and int(local.get_state("cursor") or 0) == 0
    if first_contact or not hs.scope:
        local.set_states({"scope": hs.scope})
        return
    logger.warning("scope changed: pulling from 0%s", "" if rescope is None else " after removing out-of-scope rows")
    if rescope is None:
        local.set_states({"scope": hs.scope, "cursor": "0"})
    else:
        rescope(hs.scope)


def _push_all(
    local: LocalChanges, client: SyncClient, hs: Handshake, report: SyncReport, batch_size: int,
    progress: Progress | None, should_cancel: Callable[[], bool] | None,
) -> None:
    """Push the outbox in batches, pipelined: batch N+1 is sent (one POST on a helper thread, the
    only user of ``client`` meanwhile) while batch N's receipts are recorded, and the batch after it is
    read from the outbox and encoded meanwhile too, so it goes the moment N+1's answer is in and central
    never waits for the device. A batch is sent ahead only after the batch before it came back whole
    (every mutation receipted, no gap); anything unusual (a gap, a partial receipt, 413, an error) drains
    the pipeline, drops what was read ahead, and the next batch is read from the outbox again. A batch
    sent ahead whose answer is never recorded (cancel, kill, error) was applied at most once on central
    and comes back as ``duplicate`` receipts on the next push (DESIGN §5.3)."""
    acked = int(local.get_state("acked_high_water") or 0)
    # A server restored from backup has forgotten mutations it acknowledged: re-send them.
    resend = hs.device_high_water < acked
    after = hs.device_high_water
    if resend:
        logger.warning("central high-water %d < acknowledged %d: re-sending retained mutations",
                       hs.device_high_water, acked)
    size = max(1, batch_size)
    total = local.pending_count() + (acked - after if resend else 0)
    done = 0
    stalls = 0

    def load(start: int | None) -> tuple[list[dict[str, Any]], bytes] | None:
        """The next batch after mutation ``start`` (None: the oldest pending) and its request body."""
        if resend:
            batch = local.retained_mutations(after if start is None else start, size)
        else:
            batch = local.pending_mutations(size) if start is None else local.pending_mutations(size, start)
        return _request_body(batch, local.device_id, hs) if batch else None

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as pool:
        ahead: tuple[list[dict[str, Any]], Future[PushResponse]] | None = None
        #: the batch after ``ahead`` (read and encoded, not sent), with the size it was read at
        following: tuple[tuple[list[dict[str, Any]], bytes] | None, int] | None = None
        while True:
            if ahead is None:
                _check_cancel(should_cancel)
                following = None
                loaded = load(None)
                if loaded is None:
                    break
                ahead = (loaded[0], pool.submit(client.push_body, loaded[1]))
            batch, future = ahead
            ahead = None
            last = int(batch[-1]["mutation_no"])
            if following is None and not resend:
                following = (load(last), size)  # while central applies ``batch``
            try:
                resp = future.result()
            except BatchTooLarge as exc:
                if len(batch) == 1:
                    raise SyncError(SyncErrorKind.SERVER, "one mutation is too large for central") from exc
                size = max(1, len(batch) // 2)
                logger.info("batch too large: now %d mutations per push", size)
                continue
            report.batches += 1
            kill_point("after_push_response_before_record", report.batches)  # test-only; inert unless set
            whole = (resp.expected_mutation_no is None and len(resp.receipts) == len(batch)
                     and resp.receipts[-1].mutation_no == last)
            if whole and not (should_cancel is not None and should_cancel()):
                if following is None or following[1] != size:
                    following = (load(last), size)
                if following[0] is not None:
                    ahead = (following[0][0], pool.submit(client.push_body, following[0][1]))
            following = None
            _record(local, resp, report)
            done += len(resp.receipts)
            if progress is not None:
                progress("push", done, max(total, done))
            if resp.expected_mutation_no is not None:
                logger.info("central expects mutation %d: re-sending from there", resp.expected_mutation_no)
                resend, after = True, resp.expected_mutation_no - 1
            elif resend:
                after = resp.high_water
            stalls = 0 if resp.receipts else stalls + 1
            if stalls >= 2:
                raise SyncError(SyncErrorKind.SERVER, "central accepts no mutation: push stalled")


#: Share of central's body limit a batch may fill (headers, JSON framing and estimate slack).
_BODY_SHARE = 0.8


_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _request_body(batch: list[dict[str, Any]], device_id: str, hs: Handshake) -> tuple[list[dict[str, Any]], bytes]:
    """Return the longest prefix of ``batch`` (at least one mutation) whose request fits central's body
    limit, and that request's JSON body (validated against :class:`PushRequest`, encoded once).

    Raises:
        pydantic.ValidationError: an outbox row does not fit the wire schema.
    """
    def body(part: list[dict[str, Any]]) -> bytes:
        return PushRequest.model_validate({"device_id": device_id, "server_id": hs.server_id,
                                           "schema_version": SCHEMA_VERSION,
                                           "mutations": part}).model_dump_json().encode("utf-8")

    encoded = body(batch)
    if hs.max_body_bytes <= 0 or len(encoded) + 200 <= int(hs.max_body_bytes * _BODY_SHARE):
        return batch, encoded  # the usual case: one validation, one encoding
    part = _fit(batch, hs.max_body_bytes)
    return part, body(part)


def _fit(batch: list[dict[str, Any]], max_body_bytes: int) -> list[dict[str, Any]]:
    """Return the longest prefix of ``batch`` (at least one) whose JSON fits central's body limit."""
    if max_body_bytes <= 0:
        return batch
    budget = int(max_body_bytes * _BODY_SHARE)
    if len(_encode(batch).encode("utf-8")) + 200 <= budget:  # the usual case: one encoder call
        return batch
    used = 200
    for i, mu in enumerate(batch):
        used += len(_encode(mu).encode("utf-8")) + 1
        if used > budget:
            return batch[:max(1, i)]
    return batch


def _record(local: LocalChanges, resp: PushResponse, report: SyncReport) -> None:
    local.record_receipts([_local_receipt(rc) for rc in resp.receipts], {"acked_high_water": str(resp.high_water)})
    report.pushed += len(resp.receipts)
    for rc in resp.receipts:
        if rc.status is ReceiptStatus.APPLIED:
            report.applied += 1
        elif rc.status is ReceiptStatus.DUPLICATE:
            report.duplicate += 1
        elif rc.status is ReceiptStatus.CONFLICT:
            report.conflict += 1
        else:
            report.rejected += 1


def _pull_all(
    local: LocalChanges, client: SyncClient, report: SyncReport, page_size: int,
    progress: Progress | None, should_cancel: Callable[[], bool] | None,
) -> None:
    """Pull pages after the stored cursor. The next page is fetched (one GET on a helper thread,
    the only user of ``client`` meanwhile) while the current one is stored, so central's query,
    the network and the local write overlap; pages are still stored one at a time, in order,
    each with its cursor in one transaction. A page fetched after a cancel or failure is dropped."""
    cursor = int(local.get_state("cursor") or 0)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as pool:
        _check_cancel(should_cancel)
        since = cursor
        future: Future[PullPage] | None = pool.submit(client.pull, cursor, page_size, since)
        while future is not None:
            page = future.result()
            _check_cancel(should_cancel)
            stuck = page.has_more and page.next_cursor <= cursor
            future = (pool.submit(client.pull, page.next_cursor, page_size, since)
                      if page.has_more and not stuck else None)
            if page.rows:
                local.apply_pulled(page.model_dump(mode="json", include={"rows"})["rows"], page.next_cursor)
            report.pulled += len(page.rows)
            if progress is not None:
                progress("pull", report.pulled, 0)
            if stuck:
                raise SyncError(SyncErrorKind.SERVER, "central's pull cursor does not advance")
            cursor = page.next_cursor
    report.cursor = cursor
