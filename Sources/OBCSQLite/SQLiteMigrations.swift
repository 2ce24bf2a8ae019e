import GRDB

/// The schema, as ordered migrations recorded in `grdb_migrations`. Add a new migration for
/// every change; never edit one that has shipped.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-management-records") { db in
            func recordTable(_ name: String, _ body: (TableDefinition) -> Void) throws {
                try createRecordTable(name, in: db, body)
            }
            try recordTable("ob_wac_certificate") { table in
                table.column("associated_key", .text).notNull()
                table.column("certificate", .text).notNull()
            }
            try recordTable("ob_seal_certificate") { table in
                table.column("associated_key_id", .text).notNull()
                table.column("associated_key", .text).notNull()
                table.column("certificate", .text).notNull()
            }
            try recordTable("software_statement") { table in
                table.column("organisation_id", .text).notNull()
                table.column("software_id", .text).notNull()
                table.column("sandbox_environment", .boolean).notNull()
                table.column("default_ob_wac_certificate_id", .text).notNull().indexed().references("ob_wac_certificate")
                table.column("default_ob_seal_certificate_id", .text).notNull().indexed().references("ob_seal_certificate")
                table.column("default_query_redirect_url", .text).notNull()
                table.column("default_fragment_redirect_url", .text).notNull()
                table.column("modified", .double).notNull()
            }
            try recordTable("encryption_key_description") { table in
                table.column("key", .text).notNull()
            }
            try db.create(table: "settings") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("current_encryption_key_description_id", .text).references("encryption_key_description")
                table.column("modified", .double).notNull()
            }
        }
        migrator.registerMigration("v2-encrypted-objects") { db in
            try db.create(table: "encrypted_object") { table in
                table.primaryKey("id", .text)
                table.column("owner_id", .text).notNull()
                table.column("purpose", .text).notNull()
                table.column("encryption_key_description_id", .text).notNull().indexed().references("encryption_key_description")
                table.column("nonce", .blob).notNull().unique()
                table.column("tag", .blob).notNull()
                table.column("ciphertext", .blob).notNull()
                table.column("created", .double).notNull()
                table.column("modified", .double).notNull()
                table.column("is_deleted", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "encrypted_object_owner", on: "encrypted_object", columns: ["owner_id", "purpose"])
        }
        migrator.registerMigration("v3-bank-registrations") { db in
            try db.create(table: "bank_client") { table in
                table.primaryKey("id", .text)
                table.column("software_statement_id", .text).notNull().references("software_statement")
                table.column("bank_group", .text).notNull()
                table.column("registration_group", .text).notNull()
                table.column("state", .text).notNull()
                table.column("claimed_by", .text).notNull()
                table.column("claimed_at", .double).notNull()
                table.column("created", .double).notNull()
                table.column("bank_profile", .text).notNull()
                table.column("external_api_id", .text)
                table.column("registration_scope", .text).notNull()
                table.column("token_endpoint_auth_method", .text).notNull()
                table.column("use_simulated_bank", .boolean).notNull()
                table.column("jwks_uri", .text).notNull()
                table.column("registration_endpoint", .text)
                table.column("token_endpoint", .text).notNull()
                table.column("authorization_endpoint", .text).notNull()
                table.column("redirect_uris", .text).notNull()
                table.column("is_deleted", .boolean).notNull().defaults(to: false)
                table.column("is_deleted_modified", .double)
            }
            // One live client per registration group: the constraint that makes concurrent
            // POSTs, from any number of processes, perform a single DCR.
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX bank_client_one_per_group ON bank_client (software_statement_id, bank_group, registration_group)
                    WHERE is_deleted = 0
                    """)
            try createRecordTable("bank_registration", in: db) { table in
                table.column("bank_client_id", .text).notNull().indexed().references("bank_client")
                table.column("software_statement_id", .text).notNull().indexed().references("software_statement")
                table.column("bank_profile", .text).notNull()
                table.column("bank_group", .text).notNull()
                table.column("registration_scope", .text).notNull()
                table.column("token_endpoint_auth_method", .text).notNull()
                table.column("use_simulated_bank", .boolean).notNull()
                table.column("external_api_id", .text).notNull()
                table.column("jwks_uri", .text).notNull()
                table.column("registration_endpoint", .text)
                table.column("token_endpoint", .text).notNull()
                table.column("authorization_endpoint", .text).notNull()
                table.column("default_fragment_redirect_uri", .text).notNull()
                table.column("default_query_redirect_uri", .text).notNull()
                table.column("redirect_uris", .text).notNull()
            }
        }
        migrator.registerMigration("v4-registration-response-mode-and-v4-apis") { db in
            try db.alter(table: "bank_registration") { table in
                // Null only on rows stored before this migration; reads fill it from the bank profile.
                table.add(column: "default_response_mode", .text)
                table.add(column: "aisp_use_v4", .boolean).notNull().defaults(to: false)
                table.add(column: "pisp_use_v4", .boolean).notNull().defaults(to: false)
                table.add(column: "vrp_use_v4", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v5-instance-heartbeats") { db in
            try db.create(table: "instance_heartbeat") { table in
                table.primaryKey("instance_id", .text)
                table.column("host_name", .text).notNull()
                table.column("process_id", .integer).notNull()
                table.column("started_at", .double).notNull()
                table.column("last_beat_at", .double).notNull()
                table.column("beat_interval", .double).notNull()
                table.column("resolvable_key_ids", .text).notNull()
                table.column("unresolvable_key_ids", .text).notNull()
            }
        }
        migrator.registerMigration("v6-registration-leases-and-attempts") { db in
            // Null on claims stored before this migration: they are taken over once not renewed.
            try db.alter(table: "bank_client") { table in table.add(column: "claim_instance_id", .text) }
            try db.create(table: "registration_attempt") { table in
                table.primaryKey("id", .text)
                table.column("bank_client_id", .text).notNull().indexed()
                table.column("bank_profile", .text).notNull()
                table.column("software_statement_id", .text).notNull()
                table.column("bank_group", .text).notNull()
                table.column("registration_group", .text).notNull()
                table.column("jwt_id", .text).notNull()
                table.column("attempted_at", .double).notNull()
                table.column("instance_id", .text).notNull()
                table.column("host_name", .text).notNull()
                table.column("process_id", .integer).notNull()
                table.column("interrupted_at", .double)
            }
        }
        migrator.registerMigration("v7-interrupted-registration-causes") { db in
            try db.alter(table: "registration_attempt") { table in
                table.add(column: "cause", .text)
                table.add(column: "external_api_id", .text)
            }
        }
        migrator.registerMigration("v8-client-revisions-and-update-claims") { db in
            // Null on clients stored before this migration: `BankClient.isBehind` falls back to dates.
            try db.alter(table: "bank_client") { table in
                table.add(column: "statement_revision", .text)
                table.add(column: "updated_at", .double)
                table.add(column: "update_claimed_by", .text)
                table.add(column: "update_claimed_at", .double)
                table.add(column: "update_instance_id", .text)
            }
        }
        return migrator
    }

    /// A table with the metadata columns every management record has (`RecordMetadata`).
    static func createRecordTable(_ name: String, in db: Database, _ body: (TableDefinition) -> Void) throws {
        try db.create(table: name) { table in
            table.primaryKey("id", .text)
            table.column("reference", .text)
            table.column("created", .double).notNull()
            table.column("created_by", .text)
            table.column("is_deleted", .boolean).notNull().defaults(to: false)
            table.column("is_deleted_modified", .double)
            table.column("is_deleted_modified_by", .text)
            body(table)
        }
    }
}
