import Hummingbird
import NIOCore
import NIOSSL
import X509

/// Hummingbird's request context plus the connection's channel, because the simulated banks
/// must see the TLS client certificate exactly as a real bank's gateway does.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The verified client certificate presented on this connection, parsed with swift-certificates.
    func clientCertificate() async throws -> Certificate? {
        guard let peer = try await channel.nioSSL_peerCertificate().get() else { return nil }
        return try Certificate(derEncoded: try peer.toDERBytes())
    }
}
