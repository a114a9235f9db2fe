import AccessControl
public import DataFormats
import DriftService
import ModelPackage
import ModelRuntime
import Monitoring
import PackageImport
import Pickle
import Registry
import Serving
import WardenConfig

/// The stable code, message and details of any error of Warden's modules, for faces that report errors in their own
/// shape (MCP tool errors, audit entries, web pages). Statuses and exit codes are mapped by the JSON API and the CLI
/// in one place each; this only reads what every error already carries.
public struct ErrorDescription: Sendable {
    /// The stable code, e.g. `version_not_found`.
    public var code: String
    /// What failed and the remedy.
    public var message: String
    /// Structured facts.
    public var details: [String: JSONValue]

    /// Describes an error; an error of no Warden module is `internal_error`.
    public init(_ error: any Error) {
        details = [:]
        switch error {
        case let e as AppError:
            (code, message, details) = (e.code.rawValue, e.message, e.details)
        case let e as ServingError:
            if e.code == .registry, case .string(let registry)? = e.details["registry_code"] {
                code = registry
            } else {
                code = e.code.rawValue
            }
            (message, details) = (e.message, e.details)
        case let e as RegistryError:
            (code, message) = (e.code.rawValue, e.description)
            if let m = e.model { details["model"] = .string(m) }
            if let v = e.version { details["version"] = .string(v) }
        case let e as ImportError:
            (code, message) = (e.code.rawValue, e.description)
            if let v = e.version { details["version"] = .string(v) }
        case let e as ModelRuntimeError: (code, message) = (e.code.rawValue, e.message)
        case let e as PickleError: (code, message) = (e.code.rawValue, e.message)
        case let e as ModelPackageError: (code, message) = (e.code.rawValue, e.message)
        case let e as DataFormatsError: (code, message) = (e.code.rawValue, e.message)
        case let e as SecurityError: (code, message) = (e.code.rawValue, e.message)
        case let e as DriftServiceError: (code, message) = (e.code.rawValue, e.message)
        case let e as MonitoringError: (code, message) = (e.code.rawValue, e.message)
        case let e as ConfigurationError: (code, message) = (e.code.rawValue, e.description)
        default: (code, message) = ("internal_error", "\(error)")
        }
    }
}
