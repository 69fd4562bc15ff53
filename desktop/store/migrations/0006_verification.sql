-- 0006: issue 5 (verification): who the verifier found and how registrations were matched, the
-- supervisor's local (户籍) population per area for 人口倒挂, and the rental verification round.
ALTER TABLE verification_result ADD COLUMN person_name TEXT DEFAULT '' NOT NULL;
ALTER TABLE verification_result ADD COLUMN person_id_number VARCHAR(32) DEFAULT '' NOT NULL;
ALTER TABLE verification_result ADD COLUMN person_birth_date VARCHAR(10);
ALTER TABLE verification_result ADD COLUMN match_method VARCHAR(16) DEFAULT '' NOT NULL;
ALTER TABLE area ADD COLUMN local_population INTEGER;

CREATE TABLE rental_check (
	id VARCHAR(36) NOT NULL, 
	version INTEGER DEFAULT '0' NOT NULL, 
	updated_at VARCHAR(32) DEFAULT '' NOT NULL, 
	updated_by VARCHAR(64) DEFAULT '' NOT NULL, 
	device_id VARCHAR(36) DEFAULT '' NOT NULL, 
	deleted INTEGER DEFAULT '0' NOT NULL, 
	district_code VARCHAR(6) DEFAULT '330212' NOT NULL, 
	rental_unit_id VARCHAR(36), 
	address_id VARCHAR(36) NOT NULL, 
	grid_id VARCHAR(36) DEFAULT '' NOT NULL, 
	area_path TEXT DEFAULT '' NOT NULL, 
	checker VARCHAR(64) DEFAULT '' NOT NULL, 
	checked_at VARCHAR(32) DEFAULT '' NOT NULL, 
	landlord_ok INTEGER DEFAULT '0' NOT NULL, 
	tenants_ok INTEGER DEFAULT '0' NOT NULL, 
	lease_ok INTEGER DEFAULT '0' NOT NULL, 
	pledge_ok INTEGER DEFAULT '0' NOT NULL, 
	safety TEXT DEFAULT '{}' NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	items TEXT DEFAULT '[]' NOT NULL, 
	reason TEXT DEFAULT '' NOT NULL, 
	status VARCHAR(16) DEFAULT 'closed' NOT NULL, 
	fixed_by VARCHAR(64) DEFAULT '' NOT NULL, 
	fixed_at VARCHAR(32) DEFAULT '' NOT NULL, 
	fix_note TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_rental_check_status ON rental_check (status, grid_id);
CREATE INDEX ix_rental_check_unit ON rental_check (rental_unit_id);
