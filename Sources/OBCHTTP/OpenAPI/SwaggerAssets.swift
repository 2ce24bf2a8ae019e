import Foundation

/// The local Swagger UI copy, when one is configured: which files it must hold, and what is
/// wrong with a folder that does not hold them (checked at start-up and by the page itself).
public enum SwaggerAssets {
    static let names = ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]

    /// How to get a local copy without npm, for messages and docs.
    public static let howToInstall =
        "pip install swagger-ui-bundle, then set OBC_SWAGGER_ASSETS (or OpenBankingConnector:Swagger:AssetsDirectory) to the folder "
        + "python3 -c 'import swagger_ui_bundle; print(swagger_ui_bundle.swagger_ui_path)' prints "
        + "(or to node_modules/swagger-ui-dist after npm install swagger-ui-dist)"

    /// Nil when `directory` holds every file Swagger UI needs; otherwise what is wrong and how to
    /// fix it. The folder is named only with `showingFolder` (the server log): unauthenticated
    /// pages (the docs page, `/health/ready`) say the setting is wrong without a server path.
    public static func problem(in directory: String, showingFolder: Bool) -> String? {
        let folder = showingFolder ? "The Swagger UI assets folder '\(directory)'" : "The Swagger UI assets folder (\(setting))"
        let logged = showingFolder ? "" : " (the server log names it)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "\(folder) is misconfigured: it does not exist\(logged). To serve a local copy: \(howToInstall)."
        }
        let missing = names.filter { !FileManager.default.isReadableFile(atPath: "\(directory)/\($0)") }
        guard missing.isEmpty else {
            return "\(folder) is misconfigured: it lacks \(missing.joined(separator: ", "))\(logged). To serve a local copy: \(howToInstall)."
        }
        return nil
    }

    static let setting = "OBC_SWAGGER_ASSETS or OpenBankingConnector:Swagger:AssetsDirectory"
}
