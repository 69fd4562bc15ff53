-- Issue 3: supervisor resolutions in the outbox, and open conflicts as central reported them.
ALTER TABLE outbox ADD COLUMN resolves TEXT;

CREATE TABLE sync_conflict (
	id INTEGER NOT NULL, 
	entity VARCHAR(32) NOT NULL, 
	record_id VARCHAR(36) NOT NULL, 
	op VARCHAR(8) NOT NULL, 
	fields TEXT NOT NULL, 
	device_id VARCHAR(64) NOT NULL, 
	user VARCHAR(64) DEFAULT '' NOT NULL, 
	client_time VARCHAR(40) DEFAULT '' NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	server_version INTEGER NOT NULL, 
	server_device_id VARCHAR(64) DEFAULT '' NOT NULL, 
	server_user VARCHAR(64) DEFAULT '' NOT NULL, 
	server_time VARCHAR(32) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_sync_conflict_record ON sync_conflict (record_id);
