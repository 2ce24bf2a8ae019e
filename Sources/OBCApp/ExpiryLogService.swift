import Logging
import OBCCore
import ServiceLifecycle

/// Logs a warning for each certificate within 30 days of expiry every `interval` (a day under
/// `obc serve`; start-up logs the first round), until a graceful shutdown. Reads the
/// services in force, so a SIGHUP reload is followed.
struct ExpiryLogService: Service {
    let interval: Duration
    let services: @Sendable () async -> ManagementServices
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                await logExpiring()
            }
        }
    }

    private func logExpiring() async {
        do {
            for warning in try await services().expiryWatch.warnings() { logger.warning("\(warning)") }
        } catch {
            logger.warning("Certificate expiry: the certificates could not be read: \(error)")
        }
    }
}
