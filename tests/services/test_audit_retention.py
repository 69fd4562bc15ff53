"""The audit log (issue 7 item 5) and retention (item 7) on a real store."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy.exc
import sqlcipher3

from desktop.services import audit, privacy, retention
from desktop.store.db import Store
from desktop.store.records import write_record

REFUSED = (sqlalchemy.exc.DatabaseError, sqlcipher3.DatabaseError)


def test_events_are_synced_records_that_cannot_be_changed_or_deleted(store: Store) -> None:
    event_id = audit.log_event(store, user="sup", action="export", entity="resident", count=12,
                               detail="ledger xlsx, masked", role="supervisor")
    with store.read() as conn:
        outbox = conn.exec_driver_sql("SELECT entity, record_id FROM outbox").all()
    assert [tuple(r) for r in outbox] == [("audit_event", event_id)]
    with pytest.raises(REFUSED, match="cannot be changed"), store.write() as conn:
        conn.exec_driver_sql("UPDATE audit_event SET detail = 'nothing happened'")
    with pytest.raises(REFUSED, match="cannot be deleted"), store.write() as conn:
        conn.exec_driver_sql("DELETE FROM audit_event")
    with pytest.raises(REFUSED), store.write() as conn:
        write_record(conn, "audit_event", event_id, {}, user="x", device_id=store.device_id, delete=True)
    with store.write() as conn:  # a receipt may still set the server's version
        conn.exec_driver_sql("UPDATE audit_event SET version = 3")
    [event] = audit.list_events(store)
    assert (event.user, event.action, event.count, event.role, event.synced) == ("sup", "export", 12,
                                                                                 "supervisor", True)
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.log_event(store, user="sup", action="peek")


def test_an_event_rolls_back_with_its_action(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as conn:
        audit.record(conn, user="u", device_id=store.device_id, action="import", count=3)
        raise RuntimeError("the import failed")
    assert audit.count_events(store) == 0


def test_filters_by_action_user_and_time(store: Store) -> None:
    audit.log_event(store, user="a", action="reveal", entity="resident", record_id="r1")
    audit.log_event(store, user="b", action="export", count=5)
    assert [e.user for e in audit.list_events(store, action="reveal")] == ["a"]
    assert [e.action for e in audit.list_events(store, user="b")] == ["export"]
    assert audit.list_events(store, since="2999-01-01") == []
    assert audit.users(store) == ["a", "b"]


def test_reveal_reads_the_full_values_and_is_audited_in_the_same_transaction(store: Store) -> None:
    with store.write() as conn:
        write_record(conn, "resident", "r1", {"name": "王芳", "id_number": "330212199001011234",
                                              "phone": "13812345678"}, user="u", device_id=store.device_id)
    shown = privacy.reveal_resident(store, "u", "r1")
    assert (shown.id_number, shown.phone) == ("330212199001011234", "13812345678")
    [event] = audit.list_events(store, action="reveal")
    assert (event.record_id, event.entity, event.count) == ("r1", "resident", 1)
    assert "330212" not in event.detail


def _person(store: Store, rid: str, moved_out: str | None, status: str) -> None:
    with store.write() as conn:
        write_record(conn, "resident", rid, {"name": "李娜", "id_number": "330212199001011234",
                                             "phone": "13812345678", "sex": "2", "birth_date": "1990-01-01",
                                             "ethnicity": "01", "hukou_code": "330212", "employer_name": "某厂",
                                             "hukou_address": "某路1号"},
                     user="u", device_id=store.device_id)
        write_record(conn, "residence_registration", f"reg-{rid}",
                     {"resident_id": rid, "address_id": "a1", "status": status, "moved_out_date": moved_out,
                      "moved_out_reason": "回老家照顾父母"}, user="u", device_id=store.device_id)


def test_people_gone_longer_than_the_period_are_archived_keeping_what_statistics_need(store: Store) -> None:
    _person(store, "gone", "2021-03-01", "left")
    _person(store, "recent", "2025-09-01", "left")
    _person(store, "living", None, "living")
    today = date(2026, 6, 1)
    due = retention.due_for_archive(store, today=today)
    assert [(d.resident_id, d.id_number_masked) for d in due] == [("gone", "3302**********1234")]
    assert retention.archive_residents(store, "sup", ["gone", "recent", "living"], today=today) == 1
    with store.read() as conn:
        row = conn.exec_driver_sql("SELECT name, id_number, phone, hukou_address, employer_name, sex, birth_date, "
                                   "ethnicity, hukou_code, archived_at FROM resident WHERE id = 'gone'").one()
        reason = conn.exec_driver_sql("SELECT moved_out_reason FROM residence_registration "
                                      "WHERE id = 'reg-gone'").scalar()
        kept = conn.exec_driver_sql("SELECT name FROM resident WHERE id = 'recent'").scalar()
    assert tuple(row[:5]) == ("", "", "", "", "")
    assert tuple(row[5:9]) == ("2", "1990-01-01", "01", "330212") and row[9]
    assert reason == "" and kept == "李娜"
    [event] = audit.list_events(store, action="archive")
    assert event.count == 1
    assert retention.due_for_archive(store, today=today) == []
    assert [d.resident_id for d in retention.due_for_archive(store, today=today, years=0)] == ["recent"]
