import OBCPluginAPI

/// Why Google Cloud could not be reached or refused a call; `code` is Google's status
/// (`NOT_FOUND`, `PERMISSION_DENIED`, …) or an OAuth error (`invalid_grant`) when there is one.
public typealias GCPError = SecretServiceError
