/// How the caller presented credentials, as the transport saw them.
public enum Credentials: Sendable, Equatable {
    /// No credential at all.
    case none
    /// An `Authorization` header with a scheme other than Bearer.
    case unsupportedScheme
    /// A bearer token (possibly empty).
    case bearer(String)
}
