import AccessControl
import DataFormats
import DriftService
import ModelPackage
import ModelRuntime
import Monitoring
import PackageImport
import Pickle
import Registry
import Serving
import Testing
import WardenConfig

@testable import warden

/// The one mapping from library errors to exit statuses: every module's error type gets its own statuses, none
/// falls through to 1 (internal error). The commands' own tests check the printed JSON line end to end.
@Suite("Exit statuses")
struct ExitStatusTests {
    @Test(
        "errors that used to pass through as internal errors get the status of what they mean",
        arguments: [
            (PickleError(.disallowedOpcode, "PERSID is refused", offset: 2) as any Error, "unsafe_pickle", 21),
            (PickleError(.disallowedGlobal, "os.system is refused", global: "os.system"), "unsafe_pickle", 21),
            (PickleError(.truncated, "the stream ends before STOP"), "corrupt_model", 20),
            (PickleError(.limitExceeded, "nesting deeper than 100"), "too_large", 24),
            (PickleError(.unsupportedCompression, "lz4"), "unsupported_compression", 23),
            (PickleError(.io, "cannot open x"), "io_error", 10),
            (ModelPackageError(.unsafeZipEntry, entry: "../x", "escapes"), "unsafe_zip_entry", 37),
            (ModelPackageError(.zipBomb, "ratio 1000"), "zip_bomb", 38),
            (ModelPackageError(.tooLarge, "over 1 GiB"), "too_large", 39),
            (ModelPackageError(.notAZip, "no end record"), "not_a_zip", 40),
            (ModelPackageError(.emptyFile, "empty"), "empty_file", 41),
            (ModelPackageError(.unsupportedZip, "bzip2"), "unsupported_zip", 47),
            (ModelPackageError(.corruptZip, "CRC"), "corrupt_zip", 48),
            (ModelPackageError(.io, "cannot read"), "storage_error", 51),
            (DataFormatsError(.invalidJSON, "the input is not valid JSON: x at byte 0"), "invalid_input", 11),
        ])
    func mapped(error: any Error, code: String, status: Int32) throws {
        let report = try #require(ExitStatus.report(for: error))
        #expect(report.code == code)
        #expect(report.status == status)
    }

    @Test("a package error reads as the import of that package would")
    func packageMessage() throws {
        let error = ModelPackageError(.io, "cannot read x", cause: SystemCallError("read", code: 5))
        let report = try #require(ExitStatus.report(for: error))
        #expect(report.code == "storage_error")
        #expect(report.message == "cannot read x (cause: \(SystemCallError("read", code: 5)))")
        #expect("\(SystemCallError("read", code: 5))".hasPrefix("read(2) failed: "))
        #expect("\(SystemCallError("read", code: 5))".hasSuffix(" (errno 5)"))
    }

    /// One error of every code of every module.
    static var everyCode: [any Error] {
        var all: [any Error] = []
        all += PickleError.Code.allCases.map { PickleError($0, "m") }
        all += ModelRuntimeError.Code.allCases.map { ModelRuntimeError($0, "m") }
        all += ModelPackageError.Code.allCases.map { ModelPackageError($0, "m") }
        all += RegistryError.Code.allCases.map { RegistryError($0, "m") }
        all += ImportError.Code.allCases.map { ImportError($0, "m") }
        all += ServingError.Code.allCases.filter { $0 != .registry }.map { ServingError($0, "m") }
        all += DriftServiceError.Code.allCases.map { DriftServiceError($0, "m") }
        all += MonitoringError.Code.allCases.map { MonitoringError($0, "m") }
        all += SecurityError.Code.allCases.map { SecurityError($0, "m") }
        all += ConfigurationError.Code.allCases.map { ConfigurationError([.init($0, path: "p", "m")]) }
        all += DataFormatsError.Code.allCases.map { DataFormatsError($0, "m") }
        return all
    }

    @Test("every code of every module's error has an exit status of its own range, never 1")
    func everyCodeMapped() throws {
        for error in Self.everyCode {
            let report = try #require(ExitStatus.report(for: error), "\(type(of: error))")
            #expect((10...99).contains(report.status), "\(type(of: error)) \(report.code): \(report.status)")
        }
    }

    @Test("codes are named by stable raw values that round-trip, one per code")
    func rawValues() {
        func check<C: RawRepresentable & Hashable>(_ codes: [C]) where C.RawValue == String {
            #expect(Set(codes.map(\.rawValue)).count == codes.count)
            for c in codes { #expect(C(rawValue: c.rawValue) == c) }
            #expect(C(rawValue: "no_such_code") == nil)
        }
        check(PickleError.Code.allCases)
        check(ModelRuntimeError.Code.allCases)
        check(ModelPackageError.Code.allCases)
        check(RegistryError.Code.allCases)
        check(ImportError.Code.allCases)
        check(ServingError.Code.allCases)
        check(DriftServiceError.Code.allCases)
        check(MonitoringError.Code.allCases)
        check(SecurityError.Code.allCases)
        check(ConfigurationError.Code.allCases)
        check(DataFormatsError.Code.allCases)
    }
}
