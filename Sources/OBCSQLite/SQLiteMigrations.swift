import GRDB

/// The schema, as ordered migrations recorded in `grdb_migrations`. Add a new migration for
/// every change; never edit one that has shipped.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-management-records") { db in
            func recordTable(_ name: String, _ body: (TableDefinition) -> Void) throws {
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
        return migrator
    }
}
