import AccessControl
import DataFormats
import DriftService
import HTTPTypes
import Hummingbird
import ModelPackage
import ModelRuntime
import ModelServer
import NIOCore
import NIOHTTP1
import Monitoring
import PackageImport
import Pickle
import Registry
import Serving
import Testing

/// Every module's error reaches the client with a deliberate status and its own code: no Warden error falls through
/// to `500 internal_error`.
@Suite("Error mapping to HTTP")
struct ErrorMappingTests {
    @Test(
        "errors that used to fall through to 500 internal_error get their own status and code",
        arguments: [
            (PickleError(.disallowedOpcode, "PERSID is refused", offset: 2) as any Error, 422, "unsafe_pickle"),
            (PickleError(.disallowedGlobal, "os.system is refused", global: "os.system"), 422, "unsafe_pickle"),
            (PickleError(.truncated, "the stream ends before STOP", offset: 9), 422, "corrupt_model"),
            (PickleError(.limitExceeded, "nesting deeper than 100"), 422, "too_large"),
            (PickleError(.unsupportedCompression, "lz4"), 422, "unsupported_compression"),
            (ModelPackageError(.zipBomb, "ratio 1000"), 413, "zip_bomb"),
            (ModelPackageError(.tooLarge, "over 1 GiB"), 413, "too_large"),
            (ModelPackageError(.notAZip, "no end record"), 422, "not_a_zip"),
            (ModelPackageError(.unsafeZipEntry, entry: "../x", "escapes"), 422, "unsafe_zip_entry"),
            (ModelPackageError(.emptyFile, "empty"), 422, "empty_file"),
            (SecurityError(.invalidKey, "unknown key"), 401, "invalid_key"),
            (SecurityError(.expiredToken, "expired"), 401, "expired_token"),
            (SecurityError(.invalidRequest, "lifetime out of range"), 400, "invalid_request"),
            (SecurityError(.missingSecret, "WARDEN_SECRET_KEY is not set"), 503, "missing_secret"),
            (SecurityError(.weakSecret, "too short"), 503, "weak_secret"),
            (DataFormatsError(.invalidJSON, "the input is not valid JSON: x at byte 0"), 400, "invalid_json"),
        ])
    func mapped(error: any Error, status: Int, code: String) {
        let api = APIError.from(error)
        #expect(Int(api.status.code) == status, "\(error)")
        #expect(api.code == code)
        #expect(!api.message.isEmpty)
    }

    @Test(
        "body readers' errors: a chunked body over the limit 413, bad framing or a body cut short 400; closing",
        arguments: [
            (NIOTooManyBytesError(maxBytes: 1024) as any Error, 413, "body_too_large"),
            (HTTPParserError.invalidChunkSize, 400, "malformed_request"),
            (HTTPParserError.invalidEOFState, 400, "incomplete_body"),
        ])
    func bodyReaderErrors(error: any Error, status: Int, code: String) {
        let api = APIError.from(error)
        #expect(Int(api.status.code) == status)
        #expect(api.code == code)
        #expect(api.headers[.connection] == "close")
    }

    @Test("a refused credential keeps its WWW-Authenticate challenge; other security errors have none")
    func challenge() {
        let refused = APIError.from(SecurityError(.invalidToken, "bad"))
        #expect(refused.headers[.wwwAuthenticate] == "Bearer realm=\"warden\"")
        #expect(APIError.from(SecurityError(.invalidRequest, "bad")).headers[.wwwAuthenticate] == nil)
    }

    @Test("a pickle error says what loading the file would say")
    func pickleMessage() {
        let error = PickleError(.disallowedOpcode, "opcode PERSID is not allowed", offset: 7)
        #expect(APIError.from(error).message == ModelRuntimeError(reading: "", error).message)
    }

    /// The codes whose mapping is 500 on purpose: the server's own storage or state failed.
    static let serverSide: Set<String> = ["storage_error", "corrupt_payload", "registry_error"]

    /// One error of every code of every module.
    static var everyCode: [any Error] {
        var all: [any Error] = []
        all += PickleError.Code.allCases.map { PickleError($0, "m") }
        all += ModelRuntimeError.Code.allCases.map { ModelRuntimeError($0, "m") }
        all += ModelPackageError.Code.allCases.map { ModelPackageError($0, "m") }
        all += RegistryError.Code.allCases.map { RegistryError($0, "m") }
        all += ImportError.Code.allCases.map { ImportError($0, "m") }
        all += ServingError.Code.allCases.map { ServingError($0, "m") }
        all += DriftServiceError.Code.allCases.map { DriftServiceError($0, "m") }
        all += MonitoringError.Code.allCases.map { MonitoringError($0, "m") }
        all += SecurityError.Code.allCases.map { SecurityError($0, "m") }
        all += DataFormatsError.Code.allCases.map { DataFormatsError($0, "m") }
        return all
    }

    @Test("every code of every module's error has its own code in the response; only server-side failures are 500")
    func everyCodeMapped() {
        for error in Self.everyCode {
            let api = APIError.from(error)
            #expect(api.code != "internal_error", "\(type(of: error)) \(error)")
            if api.status == .internalServerError {
                #expect(Self.serverSide.contains(api.code), "\(type(of: error)): \(api.code) answers 500")
            }
        }
    }

    @Test("the registry's codes keep their statuses, also when they arrive through a lifecycle command")
    func registryStatuses() {
        let expected: [(RegistryError.Code, Int)] = [
            (.versionNotFound, 404), (.invalidTransition, 409), (.servingVersionProtected, 409),
            (.noPreviousVersion, 409), (.duplicateVersion, 409), (.conflict, 409), (.invalidVersion, 400),
            (.invalidModelName, 400), (.invalidRecord, 400), (.storage, 500),
        ]
        #expect(expected.count == RegistryError.Code.allCases.count)
        for (code, status) in expected {
            #expect(Int(APIError.from(RegistryError(code, "m")).status.code) == status, "\(code)")
            let serving = ServingError(.registry, "m", details: ["registry_code": .string(code.rawValue)])
            #expect(Int(APIError.from(serving).status.code) == status, "\(code)")
            #expect(APIError.from(serving).code == code.rawValue)
        }
    }
}
