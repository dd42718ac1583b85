import Kernel
import Synchronization

/// The credential of one stdio session: set by `--token`/`ECOM_TOKEN`, by `auth.login`, and
/// cleared by `auth.logout`.
final class RPCSession: SessionBinding {
    private let token: Mutex<String?>

    init(token: String?) {
        self.token = Mutex(token)
    }

    var credentials: Credentials {
        token.withLock { $0.map(Credentials.bearer) ?? .none }
    }

    func bind(bearerToken token: String) async {
        self.token.withLock { $0 = token }
    }

    func unbind() async {
        token.withLock { $0 = nil }
    }
}
