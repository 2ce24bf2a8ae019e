/// A service result plus the non-fatal messages OBC returns in `Warnings`.
public struct WithWarnings<Value: Sendable>: Sendable {
    public var value: Value
    public var warnings: [String]

    public init(_ value: Value, warnings: [String] = []) {
        self.value = value
        self.warnings = warnings
    }
}

/// The fields every create request may carry (OBC's `EntityBase`).
public struct RecordAuthorship: Sendable, Equatable {
    public var reference: String?
    public var createdBy: String?

    public init(reference: String? = nil, createdBy: String? = nil) {
        self.reference = reference
        self.createdBy = createdBy
    }
}
