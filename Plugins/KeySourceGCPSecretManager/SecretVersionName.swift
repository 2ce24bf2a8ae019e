/// A Secret Manager version name in the one form OBC accepts,
/// `projects/{project}/secrets/{secret}/versions/{version}`: OBC passes the name to
/// `AccessSecretVersionAsync` unchanged, so there is no short form. `{version}` is a number,
/// `latest`, or a version alias. Checking it here turns a typo into a clear message instead
/// of a call Google would refuse.
public struct SecretVersionName: Sendable, Equatable, CustomStringConvertible {
    public let project: String
    public let secret: String
    public let version: String

    public var description: String { "projects/\(project)/secrets/\(secret)/versions/\(version)" }

    static let expectedForm = "projects/{project}/secrets/{secret}/versions/{version} (a version number, latest or an alias)"

    public init(parsing name: String) throws(GCPError) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "projects", parts[2] == "secrets", parts[4] == "versions" else {
            throw GCPError(.notFound, code: "InvalidName", "\(name) is not a Secret Manager secret version name; the form is \(Self.expectedForm)")
        }
        let (project, secret, version) = (parts[1], parts[3], parts[5])
        // Project ids may be domain-scoped (`example.com:project`); secret ids and aliases are
        // letters, digits, `-` and `_`.
        guard Self.isValid(project, extra: ".:"), project.count <= 100 else {
            throw GCPError(.notFound, code: "InvalidName", "\(name) has an invalid project \"\(project)\"; the form is \(Self.expectedForm)")
        }
        guard Self.isValid(secret, extra: ""), secret.count <= 255 else {
            throw GCPError(.notFound, code: "InvalidName", "\(name) has an invalid secret id \"\(secret)\"; the form is \(Self.expectedForm)")
        }
        guard Self.isValid(version, extra: ""), version.count <= 63 else {
            throw GCPError(.notFound, code: "InvalidName", "\(name) has an invalid version \"\(version)\"; the form is \(Self.expectedForm)")
        }
        self.project = project
        self.secret = secret
        self.version = version
    }

    static let letters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func isValid(_ text: String, extra: String) -> Bool {
        let allowed = letters.union(extra)
        return !text.isEmpty && text.allSatisfy { allowed.contains($0) }
    }
}
