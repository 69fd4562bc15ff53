-- 0008 (issue 7): the audit log, a synced entity that the user cannot change or delete; the
-- archive mark of residents whose personal fields were removed after moving out.

ALTER TABLE resident ADD COLUMN archived_at VARCHAR(32) DEFAULT '' NOT NULL;

CREATE TABLE audit_event (
	id VARCHAR(36) NOT NULL,
	version INTEGER DEFAULT '0' NOT NULL,
	updated_at VARCHAR(32) DEFAULT '' NOT NULL,
	updated_by VARCHAR(64) DEFAULT '' NOT NULL,
	device_id VARCHAR(36) DEFAULT '' NOT NULL,
	deleted INTEGER DEFAULT '0' NOT NULL,
	district_code VARCHAR(6) DEFAULT '330212' NOT NULL,
	at VARCHAR(32) NOT NULL,
	user VARCHAR(64) NOT NULL,
	role VARCHAR(32) DEFAULT '' NOT NULL,
	action VARCHAR(16) NOT NULL,
	entity VARCHAR(32) DEFAULT '' NOT NULL,
	record_id VARCHAR(36) DEFAULT '' NOT NULL,
	detail TEXT DEFAULT '' NOT NULL,
	count INTEGER DEFAULT '0' NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_audit_event_at ON audit_event (at);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN old."deleted" IS NOT new."deleted" OR old."district_code" IS NOT new."district_code" OR old."at" IS NOT new."at" OR old."user" IS NOT new."user" OR old."role" IS NOT new."role" OR old."action" IS NOT new."action" OR old."entity" IS NOT new."entity" OR old."record_id" IS NOT new."record_id" OR old."detail" IS NOT new."detail" OR old."count" IS NOT new."count" BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END;
