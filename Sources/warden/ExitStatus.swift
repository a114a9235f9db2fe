import ArgumentParser
import DriftService
import Foundation
import ModelPackage
import ModelRuntime
import Monitoring
import Pickle
import PackageImport
import Registry
import AccessControl
import DataFormats
import Serving
import WardenApp
import WardenConfig

/// The one place where error codes become exit statuses and the one-line JSON error on stderr.
enum ExitStatus {
    static let codes: [(ModelRuntimeError.Code, Int32)] = [
        (.ioError, 10), (.invalidInput, 11), (.missingFeature, 12), (.featureCountMismatch, 13),
        (.corruptModel, 20), (.unsafePickle, 21), (.unsupportedModel, 22), (.unsupportedCompression, 23),
        (.tooLarge, 24),
    ]

    /// `warden import`: one status per ImportError code, 30–51.
    static let importCodes: [(ImportError.Code, Int32)] = [
        (.missingRequiredFile, 30), (.integrityMismatch, 31), (.corruptModel, 32), (.unsafePickle, 33),
        (.unsupportedModel, 34), (.invalidMetadata, 35), (.featureCountMismatch, 36), (.unsafeZipEntry, 37),
        (.zipBomb, 38), (.tooLarge, 39), (.notAZip, 40), (.emptyFile, 41), (.duplicateVersion, 42),
        (.featureNameMismatch, 43), (.inferenceFailed, 44), (.unreadableFile, 45), (.qualityBelowThreshold, 46),
        (.unsupportedZip, 47), (.corruptZip, 48), (.invalidVersion, 49), (.invalidModelName, 50), (.storage, 51),
        (.packageNotFound, 52), (.invalidPath, 53),
    ]

    /// Registry commands (`warden models ...`, `history`, `validate`, `registry`): 80–89.
    static let registryCodes: [(RegistryError.Code, Int32)] = [
        (.versionNotFound, 80), (.invalidTransition, 81), (.servingVersionProtected, 82), (.noPreviousVersion, 83),
        (.duplicateVersion, 84), (.invalidVersion, 85), (.invalidModelName, 86), (.invalidRecord, 87),
        (.conflict, 88), (.storage, 89),
    ]

    /// `--config` / `WARDEN_*` problems: 90–95.
    static let servingCodes: [(ServingError.Code, Int32)] = [
        (.loadFailed, 60), (.modelNotLoaded, 61), (.modelNotFound, 62), (.missingFeatures, 63),
        (.invalidFeatures, 65), (.invalidRequest, 66), (.tooManyRows, 67), (.unsupportedOutput, 68),
        (.validationRequired, 69),
        (.versionNotFound, 80),
    ]

    static let configurationCodes: [(ConfigurationError.Code, Int32)] = [
        (.unknownKey, 90), (.reservedKey, 91), (.invalidValue, 92), (.unreadableFile, 93), (.invalidYAML, 94),
        (.limitExceeded, 95),
    ]

    /// Monitoring commands (`warden stats`, `drift`, `baseline`): 70–79; 79 is `warden drift --fail-on-drift`
    /// finding drift.
    static let driftCodes: [(DriftServiceError.Code, Int32)] = [
        (.noReference, 70), (.noBaseline, 71), (.insufficientData, 72), (.invalidReference, 73), (.corruptPayload, 74),
    ]

    static let monitoringCodes: [(MonitoringError.Code, Int32)] = [
        (.insufficientData, 72), (.nonFiniteValue, 75), (.lengthMismatch, 76), (.invalidConfiguration, 77),
        (.degenerateBaseline, 78),
    ]

    /// Security problems at start-up (`warden serve`): 96–99.
    static let securityCodes: [(SecurityError.Code, Int32)] = [
        (.missingSecret, 96), (.weakSecret, 97), (.invalidConfiguration, 98), (.invalidKey, 99),
        (.invalidToken, 99), (.expiredToken, 99), (.invalidRequest, 99),
    ]

    /// The application layer's rules. Codes that replace an earlier CLI-only vocabulary keep its status:
    /// `key_not_found` 80 and `key_revoked` 81 (once `version_not_found` / `invalid_transition`),
    /// `training_service_not_configured` 92 (once `invalid_value`), `validation_required` 69.
    static let appCodes: [(AppError.Code, Int32)] = [
        (.keyNotFound, 80), (.keyRevoked, 81), (.trainingServiceNotConfigured, 92), (.validationRequired, 69),
        (.invalidRequest, 66), (.modelRequired, 64), (.invalidLimit, 64), (.invalidDays, 64), (.invalidMode, 64),
        (.emptyFile, 41), (.noValidationReport, 80), (.notFound, 80), (.conflict, 88), (.forbidden, 99),
        (.modelOutOfScope, 99), (.unauthenticated, 99), (.apiKeyRequired, 99), (.authDisabled, 98),
        (.modeForbids, 88), (.monitoringDisabled, 77), (.unavailable, 89),
    ]

    /// `warden drift --fail-on-drift` when drift was detected.
    static let driftDetected: Int32 = 79

    static func status(for code: ModelRuntimeError.Code) -> Int32 {
        codes.first { $0.0 == code }?.1 ?? 1
    }

    static func status(for code: ImportError.Code) -> Int32 {
        importCodes.first { $0.0 == code }?.1 ?? 1
    }

    static func status(for code: RegistryError.Code) -> Int32 {
        registryCodes.first { $0.0 == code }?.1 ?? 1
    }

    static func status(for error: ServingError) -> Int32 {
        if error.code == .registry, case .string(let raw)? = error.details["registry_code"],
            let code = RegistryError.Code(rawValue: raw)
        {
            return status(for: code)
        }
        return servingCodes.first { $0.0 == error.code }?.1 ?? 1
    }

    static func status(for code: ConfigurationError.Code) -> Int32 {
        configurationCodes.first { $0.0 == code }?.1 ?? 1
    }

    static var table: String {
        codes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ", 64 usage error, 1 internal error. "
            + "Import: " + importCodes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ". "
            + "Registry: " + registryCodes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ". "
            + "Serving: " + servingCodes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ". "
            + "Configuration: " + configurationCodes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "."
    }

    /// A library error as the CLI reports it: the JSON error's code and message, extra members after them, and the
    /// exit status.
    struct Report: Equatable {
        var code: String
        var message: String
        var extra = ""
        var status: Int32
    }

    /// The report of any error of a Warden library, each type mapped to its own exit statuses; nil for other errors
    /// (argument parsing, `ExitCode`), which pass through. An error read from a model file (``PickleError``) is
    /// reported as loading the file reports it (20–24, 10), a package's ZIP or folder error (``ModelPackageError``)
    /// as importing the package does (37–41, 47, 48, 51), JSON that does not parse as input that does not
    /// (`invalid_input`, 11).
    static func report(for error: any Error) -> Report? {
        switch error {
        case let e as AppError:
            return Report(code: e.code.rawValue, message: e.message, status: appCodes.first { $0.0 == e.code }?.1 ?? 1)
        case let e as ModelRuntimeError: return report(e)
        case let e as PickleError: return report(ModelRuntimeError(reading: "", e))
        case let e as DataFormatsError: return report(ModelRuntimeError(.invalidInput, e.message, cause: e))
        case let e as ImportError: return report(e)
        case let e as ModelPackageError: return report(ImportError(e))
        case let e as RegistryError:
            return Report(code: e.code.rawValue, message: e.description, status: status(for: e.code))
        case let e as ConfigurationError: return report(e)
        case let e as ServingError: return report(e)
        case let e as DriftServiceError:
            return Report(
                code: e.code.rawValue, message: e.message, status: driftCodes.first { $0.0 == e.code }?.1 ?? 1)
        case let e as SecurityError:
            return Report(
                code: e.code.rawValue, message: e.message, status: securityCodes.first { $0.0 == e.code }?.1 ?? 1)
        case let e as MonitoringError:
            return Report(
                code: e.code.rawValue, message: e.message, status: monitoringCodes.first { $0.0 == e.code }?.1 ?? 1)
        default: return nil
        }
    }

    static func report(_ error: ModelRuntimeError) -> Report {
        Report(code: error.code.rawValue, message: error.message, status: status(for: error.code))
    }

    /// With every error of the validation report (`"errors":[{"code":...,"message":...}]`) when known.
    static func report(_ error: ImportError) -> Report {
        var extra = ""
        if let version = error.version { extra += ",\"version\":\(JSONString.quoted(version))" }
        if let report = error.report {
            extra += ",\"errors\":[" + report.errors.map(issue).joined(separator: ",") + "]"
        }
        return Report(
            code: error.code.rawValue, message: error.description, extra: extra, status: status(for: error.code))
    }

    static func report(_ error: ServingError) -> Report {
        var code = error.code.rawValue
        if error.code == .registry, case .string(let raw)? = error.details["registry_code"] { code = raw }
        return Report(code: code, message: error.message, status: status(for: error))
    }

    static func report(_ error: ConfigurationError) -> Report {
        let issues = error.issues.map {
            "{\"code\":\(JSONString.quoted($0.code.rawValue)),\"path\":\(JSONString.quoted($0.path)),"
                + "\"message\":\(JSONString.quoted($0.message))}"
        }
        let extra = ",\"errors\":[" + issues.joined(separator: ",") + "]"
        return Report(
            code: error.code.rawValue, message: error.description, extra: extra, status: status(for: error.code))
    }

    /// Prints `{"error":{"code":...,"message":...}}` on stderr and returns the exit code to throw.
    static func fail(_ error: ModelRuntimeError) -> ExitCode { fail(report(error)) }

    /// Maps any error of the libraries to its exit code (printing the JSON error); other errors pass through.
    static func exit(for error: any Error) -> any Error {
        guard let report = report(for: error) else { return error }
        return fail(report)
    }

    private static func fail(_ report: Report) -> ExitCode {
        write(code: report.code, message: report.message, extra: report.extra)
        return ExitCode(report.status)
    }

    /// Runs `body`, turning library errors into exit codes.
    static func guarded(_ body: () async throws -> Void) async throws {
        do { try await body() } catch { throw exit(for: error) }
    }

    static func issue(_ i: ValidationIssue) -> String {
        "{\"code\":\(JSONString.quoted(i.code.rawValue)),\"message\":\(JSONString.quoted(i.message))}"
    }

    private static func write(code: String, message: String, extra: String = "") {
        let line = "{\"error\":{\"code\":\(JSONString.quoted(code)),\"message\":\(JSONString.quoted(message))\(extra)}}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
