/// What the task making an outbound call is doing: set by the fronts (the request id) and by
/// the services (the bank profile), read by the network side for headers, metrics and logs.
public enum OutboundCallScope {
    /// The id of the management request being served, sent to banks as `X-Request-Id`.
    @TaskLocal public static var requestId: String?
    /// The bank profile the current operation works for.
    @TaskLocal public static var bankProfile: String?
}
