#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a small private file so that it appears complete or not at all, readable by the
/// owner only, and never replaces a file that already exists.
enum SecretFile {
    /// Writes `contents` to a temporary file with mode 0600, then links it into place; a file
    /// already at `path` is left alone. Returns a description of the failure, or nil.
    static func createExclusively(_ path: String, contents: String) -> String? {
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return lastError() }
        defer { unlink(temporary) }
        let bytes = Array((contents + "\n").utf8)
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 {
            failure = lastError()
        } else {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    failure = lastError()
                    break
                }
                offset += written
            }
            if failure == nil && fsync(descriptor) != 0 { failure = lastError() }
        }
        close(descriptor)
        if let failure { return failure }
        // link() fails with EEXIST when another process won the race; the caller reads that file.
        if link(temporary, path) != 0 && errno != EEXIST { return lastError() }
        return nil
    }

    /// The permission bits of the file at `path` (following symbolic links), nil when it
    /// cannot be examined.
    static func permissions(of path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
