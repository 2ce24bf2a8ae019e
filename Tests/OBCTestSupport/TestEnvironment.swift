import Foundation

/// Where the tests run: the package root, the repository's Python virtual environment, the
/// reference documents beside the repository, and whether this is CI (`CI=true`), where a
/// prerequisite that is missing fails its tests instead of skipping them.
public enum TestEnvironment {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static let isCI: Bool = {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return ["true", "1", "yes"].contains(value)
    }()

    /// Whether a suite that needs `present` runs: always on CI (so a missing prerequisite fails
    /// there, naming itself), elsewhere only when it is present.
    public static func runs(needing present: Bool, onCI: Bool = isCI) -> Bool { present || onCI }

    /// `OBC_REFERENCE_DIR`, else `shared/reference` beside the repository (where CI has it).
    public static let referenceDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["OBC_REFERENCE_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    }()

    /// OBC's published 18.5.0 Management API document.
    public static let obcDocumentPath = referenceDirectory.appendingPathComponent("obc-management-openapi-18.5.0.json").path
    public static var obcDocumentPresent: Bool { FileManager.default.fileExists(atPath: obcDocumentPath) }
    public static let obcDocumentMissing =
        "OBC's 18.5.0 document is missing (\(obcDocumentPath); set OBC_REFERENCE_DIR to the folder holding obc-management-openapi-18.5.0.json), so checks against it are skipped"
}
