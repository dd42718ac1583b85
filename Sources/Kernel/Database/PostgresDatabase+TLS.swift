import Foundation
import PostgresNIO

extension PostgresDatabase {
    /// The TLS of the pool and of the probe for `endpoint.tlsMode`.
    static func tls(_ endpoint: PostgresEndpoint) throws -> (
        pool: PostgresClient.Configuration.TLS, probe: PostgresConnection.Configuration.TLS
    ) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        let verification: PostgresEndpoint.TLSVerification
        switch endpoint.tlsMode {
        case .disable: return (.disable, .disable)
        case .prefer: verification = .none
        case .require(let required): verification = required
        }
        configuration.certificateVerification =
            switch verification {
            case .none: .none
            case .chain: .noHostnameVerification
            case .full: .fullVerification
            }
        if let roots = endpoint.rootCertificatePath {
            try Self.checkReadable(roots)
            configuration.trustRoots = .file(roots)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            // BoringSSL's own words name source files of the build; the cause is the file.
            throw BootError(
                "cannot use sslrootcert \"\(endpoint.rootCertificatePath ?? "")\" of the PostgreSQL URL: "
                    + "it holds no PEM certificate")
        }
        if endpoint.tlsMode == .prefer { return (.prefer(configuration), .prefer(context)) }
        return (.require(configuration), .require(context))
    }

    /// Refuses a root certificate file that cannot be read, saying why in a few words.
    private static func checkReadable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        let problem: String? =
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                "no such file"
            } else if isDirectory.boolValue {
                "it is a directory"
            } else if !FileManager.default.isReadableFile(atPath: path) {
                "permission denied"
            } else {
                nil
            }
        if let problem {
            throw BootError("cannot use sslrootcert \"\(path)\" of the PostgreSQL URL: \(problem)")
        }
    }
}
