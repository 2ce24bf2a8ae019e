/// A failure the tests inject into one simulated endpoint, to prove the product copes with
/// slow or failing banks and directories the way real ones sometimes are.
public enum SimulatorFault: Sendable, Hashable {
    /// Answer with this status and body (JSON when it parses as JSON, else text) instead of the real response.
    case status(Int, body: String)
    /// Wait this long, then answer normally.
    case delay(Duration)
}
