import DataFormats
import Pickle

/// Typed access to a pickled object's `__dict__`, with errors that name the class, the field and what was found.
struct ObjectFields {
    let object: PickleObject
    let owner: String

    init(_ value: PickleValue, expecting owner: String) throws(ModelRuntimeError) {
        guard case .object(let o) = value else {
            throw ModelRuntimeError(.corruptModel, "expected a \(owner) object, found \(value.kindName)")
        }
        self.object = o
        self.owner = owner
    }

    func corrupt(_ key: String, _ expected: String, _ found: PickleValue?) -> ModelRuntimeError {
        let what = found.map { "found \($0.kindName)" } ?? "it is missing"
        return ModelRuntimeError(
            .corruptModel, "\(owner) field '\(key)' should be \(expected), but \(what); the model file is damaged or not "
                + "a fitted scikit-learn estimator")
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func value(_ key: String) throws(ModelRuntimeError) -> PickleValue {
        guard let v = object[key] else { throw corrupt(key, "present", nil) }
        return v
    }

    func int(_ key: String) throws(ModelRuntimeError) -> Int {
        let v = object[key]
        guard let i = v?.intValue else { throw corrupt(key, "an int", v) }
        return i
    }

    func double(_ key: String) throws(ModelRuntimeError) -> Double {
        let v = object[key]
        guard let d = v?.doubleValue else { throw corrupt(key, "a float", v) }
        return d
    }

    func bool(_ key: String, default def: Bool? = nil) throws(ModelRuntimeError) -> Bool {
        let v = object[key]
        if v == nil, let def { return def }
        guard let b = v?.boolValue else { throw corrupt(key, "a bool", v) }
        return b
    }

    func string(_ key: String) throws(ModelRuntimeError) -> String {
        let v = object[key]
        guard let s = v?.stringValue else { throw corrupt(key, "a str", v) }
        return s
    }

    func array(_ key: String) throws(ModelRuntimeError) -> NDArray {
        let v = object[key]
        guard let a = v?.array else { throw corrupt(key, "a numpy array", v) }
        return a
    }

    /// A float array; `nil` when the field holds None.
    func optionalDoubles(_ key: String, count: Int? = nil) throws(ModelRuntimeError) -> [Double]? {
        let v = object[key]
        if v?.isNone ?? true { return nil }
        return try doubles(key, count: count)
    }

    func doubles(_ key: String, count: Int? = nil) throws(ModelRuntimeError) -> [Double] {
        let v = object[key]
        let values: [Double]
        switch v {
        case .array(let a)?:
            do { values = try a.doubleValues() } catch { throw corrupt(key, "a numeric array", v) }
        case .float(let d)?:
            values = [d]
        default:
            throw corrupt(key, "a float array", v)
        }
        if let count, values.count != count {
            throw ModelRuntimeError(
                .corruptModel, "\(owner) field '\(key)' has \(values.count) values where \(count) are expected")
        }
        return values
    }

    /// A 2-D float array as (rows, columns, row-major values).
    func matrix(_ key: String) throws(ModelRuntimeError) -> (rows: Int, columns: Int, values: [Double]) {
        let a = try array(key)
        guard a.shape.count == 2 else {
            throw ModelRuntimeError(.corruptModel, "\(owner) field '\(key)' should be 2-D, its shape is \(a.shape)")
        }
        do { return (a.shape[0], a.shape[1], try a.doubleValues()) } catch {
            throw corrupt(key, "a numeric matrix", .array(a))
        }
    }

    /// `feature_names_in_` when present.
    func featureNames() throws(ModelRuntimeError) -> [String]? {
        guard let v = object["feature_names_in_"], !v.isNone else { return nil }
        guard let a = v.array, let names = try? a.stringValues() else { throw corrupt("feature_names_in_", "an array of str", v) }
        return names
    }

    /// The scikit-learn version recorded by `BaseEstimator.__getstate__`.
    var sklearnVersion: String? { object["_sklearn_version"]?.stringValue }

    /// Constructor parameters: simple public attributes (scikit-learn's fitted attributes end in `_`).
    var parameters: [String: JSONValue] {
        guard case .dict(let entries)? = object.state else { return [:] }
        var out: [String: JSONValue] = [:]
        for e in entries {
            guard case .string(let k) = e.key, !k.hasPrefix("_"), !k.hasSuffix("_") else { continue }
            if let p = Self.parameter(e.value) { out[k] = p }
        }
        return out
    }

    /// A constructor parameter as JSON, as `warden inspect` shows it: nil for values that have no JSON form.
    static func parameter(_ v: PickleValue) -> JSONValue? {
        switch v {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let items), .tuple(let items):
            var out: [JSONValue] = []
            for i in items.prefix(64) {
                guard let p = parameter(i) else { return nil }
                out.append(p)
            }
            return .array(out)
        case .object(let o): return .string("<\(o.className.name)>")
        case .global(let g): return .string("<\(g)>")
        default: return nil
        }
    }
}
