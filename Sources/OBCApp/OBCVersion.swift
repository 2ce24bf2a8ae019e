/// The product's version: `obc --version` and the served OpenAPI document's `info.version`.
public enum OBCVersion {
    public static let current = "1.0.0"
}
