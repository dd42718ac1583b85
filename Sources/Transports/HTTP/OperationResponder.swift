import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Logging
import NIOCore
import NIOHTTP1

/// Serves the operation table over HTTP with FastAPI-compatible behaviour: 404/405/307,
/// `{"detail": …}` errors, 422 for unparseable JSON before authentication, 413 for big bodies.
struct OperationResponder: HTTPResponder {
    typealias Context = EcomRequestContext

    let routes: RouteTable
    let dispatcher: Dispatcher
    let options: HTTPOptions
    let logger: Logger
    let documents: StaticDocuments

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = Self.requestID(request.headers[HTTPField.Name.requestID])
        var routeLabel = "unmatched"
        var userID: Int64?
        var response: Response
        do {
            response = try await route(request, context, requestID, &routeLabel, &userID)
        } catch {
            response = render(error, requestID: requestID)
        }
        response.headers[HTTPField.Name.requestID] = requestID
        CORS.apply(options.corsOrigins, request: request, to: &response.headers)
        let elapsed = ContinuousClock.now - start
        // Built only when it is written: at `warning` the access log costs nothing.
        if logger.logLevel <= .info {
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)", "route": "\(routeLabel)", "status": "\(response.status.code)",
                "duration_ms": "\(Self.milliseconds(elapsed))", "request_id": "\(requestID)",
            ]
            if let userID { metadata["user_id"] = "\(userID)" }
            logger.info("request", metadata: metadata)
        }
        RequestMetrics.record(
            method: request.method.rawValue, route: routeLabel, status: response.status.code, duration: elapsed)
        return response
    }

    private func route(
        _ request: Request, _ context: Context, _ requestID: String, _ routeLabel: inout String, _ userID: inout Int64?
    ) async throws -> Response {
        let path = request.uri.path
        if request.method == .options, let preflight = CORS.preflight(options.corsOrigins, request: request) {
            routeLabel = "preflight"
            return preflight
        }
        if request.method == .get, let document = documents.response(for: path) {
            routeLabel = path
            return document
        }
        if let target = SlashRedirect.target(of: path, exists: { exists($0, request.method) }) {
            return Response(
                status: .temporaryRedirect, headers: [.location: redirect(request, context).location(target)])
        }
        switch routes.match(method: request.method.rawValue, path: Substring(path)) {
        case .notFound:
            throw AppError.notFound("Not Found")
        case .methodNotAllowed(let allowed):
            var response = Self.json(status: 405, ["detail": "Method Not Allowed"])
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        case .found(let operation, let parameters):
            routeLabel = operation.http.path
            var request = request
            let bag = try await input(&request, operation: operation, parameters: parameters)
            let info = CallInfo(
                credentials: Credentials(authorizationHeader: request.headers[.authorization]), requestID: requestID,
                logger: requestLogger(requestID), clientAddress: clientAddress(request, context))
            let dispatcher = self.dispatcher
            let result = try await withTimeout(options.requestTimeout) {
                try await dispatcher.call(operation, bag, info)
            }
            userID = result.userID
            let status = result.statusOverride ?? operation.http.status
            guard let body = result.body, status != 204 else { return Response(status: .init(code: status)) }
            var response = Self.json(status: status, bytes: body)
            if operation.http.noStore { response.headers[.cacheControl] = "no-store" }
            return response
        }
    }

    /// Whether `path` (decoded) answers some method: an operation or a document.
    private func exists(_ path: Substring, _ method: HTTPRequest.Method) -> Bool {
        if StaticDocuments.paths.contains(String(path)) { return true }
        if case .notFound = routes.match(method: method.rawValue, decodedPath: path) { return false }
        return true
    }

    /// Where a redirect of `request` points, as Starlette builds it.
    private func redirect(_ request: Request, _ context: Context) -> SlashRedirect {
        let scheme = ForwardedFor.scheme(
            peer: context.remoteAddress?.ipAddress, header: request.headers[values: Self.forwardedProto].last,
            trusted: options.forwardedAllowIPs)
        return SlashRedirect(
            scheme: scheme, host: request.head.authority, server: context.localAddress, query: request.uri.query)
    }

    /// The client's address: the peer's, or the one a trusted proxy forwarded.
    private func clientAddress(_ request: Request, _ context: Context) -> String? {
        let forwarded = request.headers[values: Self.forwardedFor]
        return ForwardedFor.client(
            peer: context.remoteAddress?.ipAddress, header: forwarded.isEmpty ? nil : forwarded.joined(separator: ","),
            trusted: options.forwardedAllowIPs)
    }

    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    private static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    private func requestLogger(_ requestID: String) -> Logger {
        var logger = self.logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        return logger
    }

    /// Reads path, query and body into an `InputBag`.
    private func input(_ request: inout Request, operation: AnyOperation, parameters: [String: String]) async throws
        -> InputBag
    {
        let query = request.uri.query.map { FormDecoding.urlEncoded(Substring($0)) } ?? [:]
        var bag = InputBag(path: parameters, query: query)
        for field in operation.inputFields where field.location == .header {
            guard let headerName = field.headerName, let name = HTTPField.Name(headerName) else { continue }
            if let value = request.headers[name] { bag.headers[headerName.lowercased()] = value }
        }
        guard operation.readsBody else { return bag }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxBodyBytes {
            throw AppError.payloadTooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: options.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw AppError.payloadTooLarge
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length) that grew past the limit while being read.
            throw AppError.payloadTooLarge
        } catch is RequestReadTimeoutHandler.Expired {
            // The handler has answered 408 and closed the connection; this only ends the call.
            throw AppError.requestTimeout
        } catch let error as HTTPParserError where error == .invalidEOFState {
            // The connection ended inside the body: closed by the read timeout (whose error this
            // one can overtake) or by the client. Nobody is left to answer, and nothing failed
            // here: not a 500 in the log.
            throw AppError.requestTimeout
        }
        let bytes = Array(buffer.readableBytesView)
        // Only the media type is case-insensitive; a multipart boundary must keep its case.
        let contentType = request.headers[.contentType] ?? ""
        bag.body = try RequestBody.decode(bytes, contentType: contentType, format: operation.http.bodyFormat)
        bag.bodyIsForm = operation.http.bodyFormat == .form
        return bag
    }

    private func render(_ error: any Error, requestID: String) -> Response {
        let appError = AppError.answer(for: error, logger: requestLogger(requestID))
        var response = Self.json(status: appError.status, ["detail": appError.detailJSON])
        for header in appError.headers {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
        return response
    }

    static func json(status: Int, _ value: JSONValue) -> Response {
        json(status: status, bytes: value.serializedBytes())
    }

    static func json(status: Int, bytes: [UInt8]) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The caller's `X-Request-ID` when it is short and printable, otherwise a new one.
    static func requestID(_ header: String?) -> String {
        if let header, !header.isEmpty, header.count <= 128,
            header.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        {
            return header
        }
        return RequestID.generate()
    }

    static func milliseconds(_ duration: Duration) -> Double {
        (duration.milliseconds * 100).rounded() / 100
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
}

extension AppError {
    /// A request whose body did not arrive in full.
    fileprivate static let requestTimeout = AppError(status: 408, code: "request_timeout", detail: "Request timeout")
}
