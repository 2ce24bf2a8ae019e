import Foundation

/// The API families a registration covers, as OBC's `RegistrationScopeEnum` flags.
public struct RegistrationScope: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let accountAndTransaction = RegistrationScope(rawValue: 1)
    public static let paymentInitiation = RegistrationScope(rawValue: 2)
    public static let fundsConfirmation = RegistrationScope(rawValue: 4)
    public static let all: RegistrationScope = [.accountAndTransaction, .paymentInitiation, .fundsConfirmation]

    private static let names: [(RegistrationScope, String, String)] = [
        (.accountAndTransaction, "AccountAndTransaction", "accounts"),
        (.paymentInitiation, "PaymentInitiation", "payments"),
        (.fundsConfirmation, "FundsConfirmation", "fundsconfirmations"),
    ]

    /// OBC's enum spelling (`AccountAndTransactionPlusPaymentInitiation`, …); other flag
    /// combinations as .NET writes them (`AccountAndTransaction, FundsConfirmation`).
    public var name: String {
        if self.isEmpty { return "None" }
        if self == .all { return "All" }
        if self == [.accountAndTransaction, .paymentInitiation] { return "AccountAndTransactionPlusPaymentInitiation" }
        return Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ", ")
    }

    /// Parses OBC's spelling; nil for anything else.
    public init?(name: String) {
        if name == "AccountAndTransactionPlusPaymentInitiation" {
            self = [.accountAndTransaction, .paymentInitiation]
            return
        }
        var scope: RegistrationScope = []
        for part in name.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if part == "All" {
                scope.formUnion(.all)
            } else if part == "None" {
                continue
            } else if let match = Self.names.first(where: { $0.1 == part }) {
                scope.insert(match.0)
            } else {
                return nil
            }
        }
        self = scope
    }

    /// The OAuth2 scope values: `openid` then the API scopes in OBC's order.
    public var oauthScopes: [String] {
        ["openid"] + Self.names.filter { contains($0.0) }.map(\.2)
    }
}
