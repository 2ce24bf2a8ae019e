import OBCPluginAPI

extension OBCError {
    /// The detail followed by the cause, for the log and the operator's console only (an API
    /// caller gets `detail`, which says the same for a missing and for an unusable secret).
    public var detailAndCause: String {
        cause.map { "\(detail) Cause: \($0)" } ?? detail
    }
}
