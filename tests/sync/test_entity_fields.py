"""Central's field lists equal the local tables, so a device can never send a field central rejects."""

from __future__ import annotations

from desktop.domain.entities import ENTITIES, PARENTS, SYNC_COLUMNS
from desktop.domain.entity_fields import ENTITY_FIELDS, NULLABLE_FIELDS, REQUIRED_FIELDS
from desktop.store import tables as t


def test_entity_fields_match_the_local_tables() -> None:
    assert tuple(ENTITY_FIELDS) == ENTITIES == tuple(t.SYNCED_TABLES)
    for entity, table in t.SYNCED_TABLES.items():
        assert ENTITY_FIELDS[entity] == {c.name for c in table.c if c.name not in SYNC_COLUMNS}, entity
        for name, parent, _required in PARENTS[entity]:
            assert name in ENTITY_FIELDS[entity] and parent in ENTITIES
        own = [c for c in table.c if c.name not in SYNC_COLUMNS]
        assert REQUIRED_FIELDS[entity] == {c.name for c in own if not c.nullable and c.server_default is None}
        assert NULLABLE_FIELDS[entity] == {c.name for c in own if c.nullable}
