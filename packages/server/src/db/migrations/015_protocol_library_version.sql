-- Shipped protocol library versions (issue 3): which version of Hemma's protocol library a protocol version
-- is, so that a newer shipped version is installed as a new version of the protocol (plans keep the version
-- they came from). Null for versions staff saved in the protocol editor.
ALTER TABLE protocol_version ADD COLUMN library_version integer CHECK (library_version >= 1);

-- Until now the library was installed once, as version 1 of each built-in protocol.
UPDATE protocol_version v SET library_version = 1
FROM protocol p
WHERE p.id = v.protocol_id AND p.builtin AND v.version = 1 AND v.created_by IS NULL AND v.note = 'Hemma library';
