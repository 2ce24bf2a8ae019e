import Foundation
import OBCPluginAPI

/// Which bank registrations a list holds; absent criteria match every registration.
public struct BankRegistrationFilter: Sendable, Equatable {
    public var softwareStatementId: UUID?
    public var bankProfile: String?
    public var bankGroup: String?

    public init(softwareStatementId: UUID? = nil, bankProfile: String? = nil, bankGroup: String? = nil) {
        self.softwareStatementId = softwareStatementId
        self.bankProfile = bankProfile
        self.bankGroup = bankGroup
    }

    /// Reads the criteria as a caller typed them; a fault names `softwareStatementId`.
    public init(softwareStatementIdText: String?, bankProfile: String?, bankGroup: String?) throws(OBCError) {
        var statement: UUID?
        if let text = softwareStatementIdText {
            guard let id = UUID(text: text.trimmingCharacters(in: .whitespaces)) else {
                throw .invalid("softwareStatementId", "'\(text.prefix(40))' is not a software statement id.")
            }
            statement = id
        }
        self.init(softwareStatementId: statement, bankProfile: bankProfile, bankGroup: bankGroup)
    }

    func matches(_ registration: BankRegistration) -> Bool {
        (softwareStatementId.map { $0 == registration.softwareStatementId } ?? true)
            && (bankProfile.map { $0 == registration.bankProfile } ?? true)
            && (bankGroup.map { $0 == registration.bankGroup } ?? true)
    }
}
