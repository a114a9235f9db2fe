/// Which globals a pickle may reference, and what each one means to the machine.
///
/// The machine never calls anything: each allowed global has a fixed *role* that tells it how to turn
/// REDUCE / NEWOBJ / BUILD on that global into data. Everything not listed is refused the moment the
/// GLOBAL or STACK_GLOBAL opcode names it, with an error naming `module.qualname`.
///
/// The Pickle module knows numpy, joblib and the few builtins needed to rebuild arrays; the classes of a
/// particular library (scikit-learn estimators) are supplied by the caller through `classes`.
public struct GlobalPolicy: Sendable {
    /// How the machine interprets an allowed global.
    public enum Role: Sendable, Equatable {
        /// A class whose instances become `PickleObject` records (args and state kept as data).
        case dataClass
        /// `numpy.dtype`.
        case numpyDType
        /// `numpy.ndarray` (only ever an argument of `_reconstruct` or a joblib `subclass`).
        case numpyNDArrayType
        /// `numpy.core.multiarray._reconstruct`.
        case numpyReconstruct
        /// `numpy.core.multiarray.scalar`.
        case numpyScalar
        /// `numpy.core.numeric._frombuffer` (protocol-5 in-band / out-of-band arrays).
        case numpyFromBuffer
        /// `joblib.numpy_pickle.NumpyArrayWrapper`: array bytes follow its BUILD.
        case joblibArrayWrapper
        /// joblib < 0.10 wrappers whose data lives in companion files (refused with an explanation).
        case joblibLegacyWrapper
        /// `_codecs.encode(str, 'latin1')` as protocol 2 writes bytes.
        case codecsEncode
        /// `copyreg._reconstructor(cls, base, state)`.
        case copyregReconstructor
        /// `builtins.object` (argument of `_reconstructor`).
        case builtinObject
        /// `builtins.set` / `builtins.frozenset`.
        case builtinSet
        /// `builtins.bytearray` / `builtins.bytes`.
        case builtinBytes
        /// `collections.OrderedDict`.
        case orderedDict
        /// A function of an allowed library that constructs a data object from its arguments
        /// (e.g. numpy.random's `__randomstate_ctor`): kept as a `PickleObject` record.
        case dataConstructor
    }

    /// The allowed globals.
    public private(set) var roles: [GlobalName: Role]

    /// The built-in entries: numpy array/dtype/scalar reconstruction, joblib wrappers, and a few builtins.
    public static let numpyAndJoblib: GlobalPolicy = {
        var r: [GlobalName: Role] = [:]
        for core in ["numpy.core.multiarray", "numpy._core.multiarray"] {
            r[GlobalName(core, "_reconstruct")] = .numpyReconstruct
            r[GlobalName(core, "scalar")] = .numpyScalar
        }
        for numeric in ["numpy.core.numeric", "numpy._core.numeric"] {
            r[GlobalName(numeric, "_frombuffer")] = .numpyFromBuffer
        }
        r[GlobalName("numpy", "dtype")] = .numpyDType
        r[GlobalName("numpy", "ndarray")] = .numpyNDArrayType
        for joblib in ["joblib", "sklearn.externals.joblib"] {
            r[GlobalName("\(joblib).numpy_pickle", "NumpyArrayWrapper")] = .joblibArrayWrapper
            r[GlobalName("\(joblib).numpy_pickle", "NDArrayWrapper")] = .joblibLegacyWrapper
            r[GlobalName("\(joblib).numpy_pickle", "ZNDArrayWrapper")] = .joblibLegacyWrapper
            r[GlobalName("\(joblib).numpy_pickle_compat", "NDArrayWrapper")] = .joblibLegacyWrapper
            r[GlobalName("\(joblib).numpy_pickle_compat", "ZNDArrayWrapper")] = .joblibLegacyWrapper
        }
        r[GlobalName("_codecs", "encode")] = .codecsEncode
        r[GlobalName("copyreg", "_reconstructor")] = .copyregReconstructor
        r[GlobalName("copy_reg", "_reconstructor")] = .copyregReconstructor
        for builtins in ["builtins", "__builtin__"] {
            r[GlobalName(builtins, "object")] = .builtinObject
            r[GlobalName(builtins, "set")] = .builtinSet
            r[GlobalName(builtins, "frozenset")] = .builtinSet
            r[GlobalName(builtins, "bytearray")] = .builtinBytes
            r[GlobalName(builtins, "bytes")] = .builtinBytes
        }
        r[GlobalName("collections", "OrderedDict")] = .orderedDict
        // numpy.random state objects (an estimator's random_state may be a RandomState instance).
        for ctor in ["__randomstate_ctor", "__bit_generator_ctor", "__generator_ctor"] {
            r[GlobalName("numpy.random._pickle", ctor)] = .dataConstructor
        }
        for bitgen in ["MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64"] {
            r[GlobalName("numpy.random._\(bitgen.lowercased())", bitgen)] = .dataClass
        }
        r[GlobalName("numpy.random.mtrand", "RandomState")] = .dataClass
        r[GlobalName("numpy.random._generator", "Generator")] = .dataClass
        return GlobalPolicy(roles: r)
    }()

    /// Creates a policy from explicit roles.
    public init(roles: [GlobalName: Role]) {
        self.roles = roles
    }

    /// This policy plus `classes` as data classes and `constructors` as data constructors.
    public func adding(classes: some Sequence<GlobalName>, constructors: some Sequence<GlobalName> = []) -> GlobalPolicy {
        var copy = self
        for c in classes { copy.roles[c] = .dataClass }
        for c in constructors { copy.roles[c] = .dataConstructor }
        return copy
    }

    /// The role of `name`, or nil when it is not allowed.
    public func role(of name: GlobalName) -> Role? {
        roles[name]
    }
}
