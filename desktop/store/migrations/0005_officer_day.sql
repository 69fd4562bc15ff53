-- 0005: indexes for the grid officer's day (issue 4): search before create by birth date and
-- by the last digits of a phone, and door-plate lookups / reuse checks. Indexes only.
CREATE INDEX ix_resident_birth_date ON resident (birth_date);
CREATE INDEX ix_resident_phone_tail ON resident (substr(phone, -4));
CREATE INDEX ix_address_plate ON standard_address (plate_code);
