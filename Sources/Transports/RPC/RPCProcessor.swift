import Foundation
import Kernel
import Logging

/// Answers JSON-RPC 2.0 lines: parsing, batches, notifications and errors per the spec, and
/// dispatch through the kernel. The members of a batch run one at a time in order (automation
/// relies on create-then-use); which lines may overlap is the stdio server's decision (see
/// `RPCPipeline`).
struct RPCProcessor: Sendable {
    let table: OperationTable
    let dispatcher: Dispatcher
    let session: RPCSession
    let logger: Logger
    let configPath: String
    /// How long one call may take (`http.request_timeout_seconds`, as for an HTTP request):
    /// past it the call answers -32053, like the HTTP 503, instead of holding up the lines
    /// behind it while a database is unreachable.
    let callTimeout: Duration
    let discovery: [UInt8]

    init(
        table: OperationTable, dispatcher: Dispatcher, session: RPCSession, logger: Logger, configPath: String,
        callTimeout: Duration
    ) {
        self.table = table
        self.dispatcher = dispatcher
        self.session = session
        self.logger = logger
        self.configPath = configPath
        self.callTimeout = callTimeout
        self.discovery = OpenRPCDocument.generate(table).serializedBytes()
    }

    /// The response line for `line`, or nil when nothing is to be written.
    func handle(line: [UInt8]) async -> [UInt8]? {
        await handle(RPCLine(line))
    }

    /// The response line for an already parsed `line`, or nil when nothing is to be written.
    func handle(_ line: RPCLine) async -> [UInt8]? {
        let value: JSONValue
        switch line.content {
        case .blank: return nil
        case .malformed: return Self.errorResponse(.parseError, id: .null).serializedBytes()
        case .oversized: return Self.oversizedResponse()
        case .value(let parsed): value = parsed
        }
        switch value {
        case .array(let members):
            guard !members.isEmpty else { return Self.errorResponse(.invalidRequest, id: .null).serializedBytes() }
            var output: [UInt8] = [UInt8(ascii: "[")]
            var answered = false
            for member in members {
                guard let response = await handle(request: member) else { continue }
                if answered { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: response)
                answered = true
            }
            output.append(UInt8(ascii: "]"))
            return answered ? output : nil
        default:
            return await handle(request: value)
        }
    }

    /// The answer for a line that exceeded the size limit.
    static func oversizedResponse() -> [UInt8] {
        errorResponse(
            RPCError(code: -32600, message: "Invalid Request", data: ["detail": "request line too large"]), id: .null
        ).serializedBytes()
    }

    private func handle(request value: JSONValue) async -> [UInt8]? {
        guard case .object(let request) = value else {
            return Self.errorResponse(.invalidRequest, id: .null).serializedBytes()
        }
        let id = request["id"]
        // The answer must carry the request's id: a number that cannot be echoed as its value
        // (an integer beyond 64 bits, which parses as a double, or any double beyond 2^53, whose
        // neighbours are more than 1 apart; one too small for a double, which parses as a
        // subnormal) makes the request invalid. Zero is zero, however it was written.
        let validID: JSONValue? = {
            switch id {
            case nil, .null?, .string?, .int?: return id
            case .double(let number)?
            where (number == 0 || number.isNormal)
                && number.magnitude < 9_007_199_254_740_992:
                return id
            default: return nil
            }
        }()
        guard request["jsonrpc"] == "2.0", case .string(let method)? = request["method"], id == nil || validID != nil
        else { return Self.errorResponse(.invalidRequest, id: validID ?? .null).serializedBytes() }
        let isNotification = id == nil
        let result = await call(method: method, params: request["params"])
        guard !isNotification else { return nil }
        switch result {
        case .success(let body):
            // The operation's JSON is spliced in as encoded, not parsed and written again.
            var output = Array(#"{"jsonrpc":"2.0","result":"#.utf8)
            output.append(contentsOf: body)
            output.append(contentsOf: #","id":"#.utf8)
            (id ?? .null).write(into: &output)
            output.append(UInt8(ascii: "}"))
            return output
        case .failure(let error):
            return Self.errorResponse(error, id: id ?? .null).serializedBytes()
        }
    }

    private func call(method: String, params: JSONValue?) async -> Result<[UInt8], RPCError> {
        let object: JSONObject
        switch params {
        case nil, .null?: object = JSONObject()
        case .object(let value)?: object = value
        default: return .failure(.invalidParams("params must be an object of named parameters"))
        }
        if method == "rpc.discover" { return .success(discovery) }
        guard let operation = table.operation(method: method) else {
            return .failure(
                .methodNotFound(method, disabledModule: table.disabledModule(for: method), configPath: configPath))
        }
        let requestID = RequestID.generate()
        var callLogger = logger
        callLogger[metadataKey: "request_id"] = "\(requestID)"
        let info = CallInfo(
            credentials: session.credentials, requestID: requestID, logger: callLogger,
            session: session)
        do {
            let dispatcher = self.dispatcher
            let result = try await withTimeout(callTimeout) {
                try await dispatcher.call(operation, InputBag(params: object), info)
            }
            return .success(result.body ?? Array("null".utf8))
        } catch {
            callLogger[metadataKey: "method"] = "\(method)"
            return .failure(RPCError(AppError.answer(for: error, logger: callLogger)))
        }
    }

    static func errorResponse(_ error: RPCError, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "error": error.json, "id": id]
    }
}
