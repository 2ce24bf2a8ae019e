import Logging
import OBCCore
import PostgresNIO

/// The schema, as numbered migrations recorded in `obc_schema_migrations`, with OBC's
/// PostgreSQL snake_case names. Instances that start together take turns through an
/// advisory lock, so each migration runs once. Add a migration for every change; never edit
/// one that has shipped.
enum PostgresMigrations {
    /// The advisory lock key (an arbitrary constant: "obc-migr").
    static let lockKey: Int64 = 0x6F62_632D_6D69_6772

    static let recordColumns = """
        id uuid PRIMARY KEY, reference text, created timestamptz NOT NULL, created_by text,
        is_deleted boolean NOT NULL DEFAULT false, is_deleted_modified timestamptz, is_deleted_modified_by text
        """

    static let steps: [[String]] = [
        [
            "CREATE TABLE ob_wac_certificate (\(recordColumns), associated_key text NOT NULL, certificate text NOT NULL)",
            """
            CREATE TABLE ob_seal_certificate (\(recordColumns), associated_key_id text NOT NULL, associated_key text NOT NULL,
            certificate text NOT NULL)
            """,
            """
            CREATE TABLE software_statement (\(recordColumns), organisation_id text NOT NULL, software_id text NOT NULL,
            sandbox_environment boolean NOT NULL,
            default_ob_wac_certificate_id uuid NOT NULL REFERENCES ob_wac_certificate (id),
            default_ob_seal_certificate_id uuid NOT NULL REFERENCES ob_seal_certificate (id),
            default_query_redirect_url text NOT NULL, default_fragment_redirect_url text NOT NULL, modified timestamptz NOT NULL)
            """,
            "CREATE INDEX software_statement_wac ON software_statement (default_ob_wac_certificate_id)",
            "CREATE INDEX software_statement_seal ON software_statement (default_ob_seal_certificate_id)",
            "CREATE TABLE encryption_key_description (\(recordColumns), key text NOT NULL)",
            """
            CREATE TABLE settings (id integer PRIMARY KEY CHECK (id = 1),
            current_encryption_key_description_id uuid REFERENCES encryption_key_description (id), modified timestamptz NOT NULL)
            """,
        ],
        [
            """
            CREATE TABLE encrypted_object (seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, id uuid PRIMARY KEY,
            owner_id uuid NOT NULL, purpose text NOT NULL,
            encryption_key_description_id uuid NOT NULL REFERENCES encryption_key_description (id),
            nonce bytea NOT NULL CONSTRAINT encrypted_object_nonce UNIQUE, tag bytea NOT NULL, ciphertext bytea NOT NULL,
            created timestamptz NOT NULL, modified timestamptz NOT NULL, is_deleted boolean NOT NULL DEFAULT false)
            """,
            "CREATE INDEX encrypted_object_owner ON encrypted_object (owner_id, purpose)",
            "CREATE INDEX encrypted_object_key ON encrypted_object (encryption_key_description_id)",
        ],
        [
            """
            CREATE TABLE bank_client (id uuid PRIMARY KEY, software_statement_id uuid NOT NULL REFERENCES software_statement (id),
            bank_group text NOT NULL, registration_group text NOT NULL, state text NOT NULL, claimed_by uuid NOT NULL,
            claimed_at timestamptz NOT NULL, created timestamptz NOT NULL, bank_profile text NOT NULL, external_api_id text,
            registration_scope text NOT NULL, token_endpoint_auth_method text NOT NULL, use_simulated_bank boolean NOT NULL,
            jwks_uri text NOT NULL, registration_endpoint text, token_endpoint text NOT NULL, authorization_endpoint text NOT NULL,
            redirect_uris text NOT NULL, is_deleted boolean NOT NULL DEFAULT false, is_deleted_modified timestamptz)
            """,
            """
            CREATE UNIQUE INDEX bank_client_one_per_group ON bank_client (software_statement_id, bank_group, registration_group)
            WHERE NOT is_deleted
            """,
            """
            CREATE TABLE bank_registration (\(recordColumns), bank_client_id uuid NOT NULL REFERENCES bank_client (id),
            software_statement_id uuid NOT NULL REFERENCES software_statement (id), bank_profile text NOT NULL,
            bank_group text NOT NULL, registration_scope text NOT NULL, token_endpoint_auth_method text NOT NULL,
            use_simulated_bank boolean NOT NULL, external_api_id text NOT NULL, jwks_uri text NOT NULL, registration_endpoint text,
            token_endpoint text NOT NULL, authorization_endpoint text NOT NULL, default_fragment_redirect_uri text NOT NULL,
            default_query_redirect_uri text NOT NULL, redirect_uris text NOT NULL)
            """,
            "CREATE INDEX bank_registration_client ON bank_registration (bank_client_id)",
            "CREATE INDEX bank_registration_statement ON bank_registration (software_statement_id)",
        ],
        resealInPlace,
        [
            """
            CREATE TABLE instance_heartbeat (instance_id uuid PRIMARY KEY, host_name text NOT NULL, process_id integer NOT NULL,
            started_at timestamptz NOT NULL, last_beat_at timestamptz NOT NULL, beat_interval double precision NOT NULL,
            resolvable_key_ids uuid[] NOT NULL, unresolvable_key_ids uuid[] NOT NULL)
            """
        ],
        [
            // Null on claims stored before this migration: they are taken over once not renewed.
            "ALTER TABLE bank_client ADD COLUMN claim_instance_id uuid",
            """
            CREATE TABLE registration_attempt (id uuid PRIMARY KEY, bank_client_id uuid NOT NULL, bank_profile text NOT NULL,
            software_statement_id uuid NOT NULL, bank_group text NOT NULL, registration_group text NOT NULL, jwt_id text NOT NULL,
            attempted_at timestamptz NOT NULL, instance_id uuid NOT NULL, host_name text NOT NULL, process_id integer NOT NULL,
            interrupted_at timestamptz)
            """,
            "CREATE INDEX registration_attempt_client ON registration_attempt (bank_client_id)",
        ],
        ["ALTER TABLE registration_attempt ADD COLUMN cause text, ADD COLUMN external_api_id text"],
        [
            // Null on clients stored before this migration: `BankClient.isBehind` falls back to dates.
            """
            ALTER TABLE bank_client ADD COLUMN statement_revision text, ADD COLUMN updated_at timestamptz,
            ADD COLUMN update_claimed_by uuid, ADD COLUMN update_claimed_at timestamptz, ADD COLUMN update_instance_id uuid
            """
        ],
    ]

    static var latest: Int { steps.count }

    /// Applies pending migrations up to `version`, holding the advisory lock; returns how many ran.
    @discardableResult
    static func migrate(_ client: PostgresClient, logger: Logger, through version: Int = latest) async throws -> Int {
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger).collect { _ in 1 }
            do {
                let applied = try await migrateLocked(connection, logger: logger, through: version)
                _ = try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger).collect { _ in 1 }
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger).collect { _ in 1 }
                throw error
            }
        }
    }

    static func migrateLocked(_ connection: PostgresConnection, logger: Logger, through target: Int = latest) async throws -> Int {
        _ = try await connection.query(
            "CREATE TABLE IF NOT EXISTS obc_schema_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        let current = try await version(connection, logger: logger)
        var applied = 0
        for (index, statements) in steps.enumerated() where index + 1 > current && index + 1 <= target {
            try await connection.withTransaction(logger: logger) { transaction in
                for statement in statements { _ = try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                _ = try await transaction.query("INSERT INTO obc_schema_migrations (version) VALUES (\(index + 1))", logger: logger)
            }
            applied += 1
        }
        return applied
    }

    /// The highest applied migration (0 for an empty database).
    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists = try await connection.query("SELECT to_regclass('obc_schema_migrations') IS NOT NULL", logger: logger)
        for try await flag in exists.decode(Bool.self) where !flag { return 0 }
        let rows = try await connection.query("SELECT COALESCE(MAX(version), 0) FROM obc_schema_migrations", logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }
}
