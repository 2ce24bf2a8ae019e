import Foundation
import Hummingbird
import OBCCore

/// One interrupted registration (an addition to OBC's API): a DCR whose process died while the
/// bank was registering the client, so the bank may hold a client nothing here uses.
public struct InterruptedRegistrationResponse: ResponseEncodable, Equatable {
    public var id: String
    public var bankProfile: String
    public var softwareStatementId: String
    public var bankGroup: String
    public var registrationGroup: String
    public var jti: String
    public var attemptedAt: Date
    public var interruptedAt: Date?
    public var hostName: String
    public var processId: Int
    public var instanceId: String
    /// `OwnerGone` (the process stopped) or `BankTimedOut` (the bank never answered in time).
    public var cause: String?
    /// The bank's `client_id`, when its answer arrived before the process stopped.
    public var externalApiId: String?

    public init(_ attempt: RegistrationAttempt) {
        id = attempt.id.apiString
        bankProfile = attempt.bankProfile
        softwareStatementId = attempt.softwareStatementId.apiString
        bankGroup = attempt.bankGroup
        registrationGroup = attempt.registrationGroup
        jti = attempt.jwtId
        attemptedAt = attempt.attemptedAt
        interruptedAt = attempt.interruptedAt
        hostName = attempt.hostName
        processId = attempt.processId
        instanceId = attempt.instanceId.apiString
        cause = attempt.cause?.rawValue
        externalApiId = attempt.externalApiId
    }
}

/// `GET /manage/interrupted-registrations`.
public struct InterruptedRegistrationsResponse: ResponseEncodable, Equatable {
    public var data: [InterruptedRegistrationResponse]

    public init(_ attempts: [RegistrationAttempt]) { data = attempts.map(InterruptedRegistrationResponse.init) }
}

/// `DELETE /manage/interrupted-registrations/{interruptedRegistrationId}`: the client deleted at
/// the bank, or what the operator still has to do.
public struct InterruptedRegistrationResolutionResponse: ResponseEncodable, Equatable {
    public var id: String
    public var deletedExternalApiId: String?
    public var warnings: [String]?

    public init(_ resolution: InterruptedResolution) {
        id = resolution.attempt.id.apiString
        deletedExternalApiId = resolution.deletedClientId
        warnings = resolution.warnings.isEmpty ? nil : resolution.warnings
    }
}
