import Kernel

extension Credentials {
    /// Parses an `Authorization` header value the way FastAPI 0.115's `OAuth2PasswordBearer`
    /// does: split at the first space, the scheme `bearer` in any case, the token the rest as it
    /// is (`Bearer  <token>` presents a token starting with a space, a bad one). HTTP has already
    /// removed the spaces and tabs around the value, as uvicorn does, so `Bearer <token> ` works
    /// and `Bearer ` is an empty token; `Bearer<tab><token>` has no Bearer scheme.
    public init(authorizationHeader header: String?) {
        guard let header, !header.isEmpty else {
            self = .none
            return
        }
        // Python splits code points: a space followed by a combining mark still separates.
        let scalars = header.unicodeScalars
        let space = scalars.firstIndex(of: " ") ?? scalars.endIndex
        guard String(scalars[..<space]).lowercased() == "bearer" else {
            self = .unsupportedScheme
            return
        }
        self = .bearer(space == scalars.endIndex ? "" : String(scalars[scalars.index(after: space)...]))
    }
}
