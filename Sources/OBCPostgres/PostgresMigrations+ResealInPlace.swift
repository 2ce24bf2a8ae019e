extension PostgresMigrations {
    /// Migration 4: a re-seal rewrites its row in place, as a HOT update that writes no index
    /// entry and fires no per-row trigger.
    /// - Nothing a rotation changes stays indexed: nonce uniqueness moves to a registry of every
    ///   nonce ever used (stricter than before: a nonce stays used after its object moves on),
    ///   and the key-id index goes (counts and reference checks scan instead).
    /// - The foreign key to `encryption_key_description` becomes a check once a statement: it
    ///   takes the same `FOR KEY SHARE` lock a foreign key takes, on each key a statement names,
    ///   instead of a lookup for every row; a key description still sealing objects cannot be
    ///   deleted or renumbered.
    /// - Pages keep half their room for their rows' next versions, and ciphertexts, which do
    ///   not compress, stay in the row uncompressed (up to 4 kB rows).
    static let resealInPlace: [String] = [
        "ALTER TABLE encrypted_object DROP CONSTRAINT encrypted_object_nonce",
        "DROP INDEX encrypted_object_key",
        "CREATE TABLE \(nonceRegistry) (nonce bytea CONSTRAINT \(nonceConstraint) PRIMARY KEY)",
        "INSERT INTO \(nonceRegistry) (nonce) SELECT nonce FROM encrypted_object",
        "ALTER TABLE encrypted_object DROP CONSTRAINT encrypted_object_encryption_key_description_id_fkey",
        """
        CREATE FUNCTION \(keyCheck)() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE missing uuid;
        BEGIN
            PERFORM 1 FROM encryption_key_description WHERE id IN (SELECT encryption_key_description_id FROM changed) FOR KEY SHARE;
            SELECT c.id INTO missing FROM (SELECT DISTINCT encryption_key_description_id AS id FROM changed) AS c
            WHERE NOT EXISTS (SELECT 1 FROM encryption_key_description AS k WHERE k.id = c.id) LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'encryption key description % does not exist', missing USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER \(keyCheck)_insert AFTER INSERT ON encrypted_object REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION \(keyCheck)()",
        "CREATE TRIGGER \(keyCheck)_update AFTER UPDATE ON encrypted_object REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION \(keyCheck)()",
        """
        CREATE FUNCTION encryption_key_description_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (TG_OP = 'DELETE' OR NEW.id <> OLD.id) AND EXISTS (SELECT 1 FROM encrypted_object WHERE encryption_key_description_id = OLD.id) THEN
                RAISE EXCEPTION 'encryption key description % still seals encrypted objects', OLD.id USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER encryption_key_description_unreferenced AFTER DELETE OR UPDATE OF id ON encryption_key_description
        FOR EACH ROW EXECUTE FUNCTION encryption_key_description_unreferenced()
        """,
        "ALTER TABLE encrypted_object ALTER COLUMN ciphertext SET STORAGE EXTERNAL",
        "ALTER TABLE encrypted_object SET (fillfactor = 50, toast_tuple_target = 4080)",
    ]

    /// Every nonce an encrypted object was ever sealed with: a nonce is refused if it was used
    /// before, even by an object since re-sealed or deleted.
    static let nonceRegistry = "encrypted_object_nonce"
    static let nonceConstraint = "encrypted_object_nonce_unique"

    /// The statement-level check that the key descriptions encrypted objects name exist.
    static let keyCheck = "encrypted_object_key_exists"
}
