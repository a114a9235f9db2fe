extension PickleMachine {
    /// GLOBAL / STACK_GLOBAL / INST: allowed names become references; anything else is refused here.
    mutating func resolveGlobal(_ name: GlobalName) throws(PickleError) -> VMValue {
        guard let role = policy.role(of: name) else {
            throw PickleError(
                .disallowedGlobal,
                "pickle references \(name), which is not on the allowlist of classes needed to rebuild supported "
                    + "models; refused without executing anything",
                offset: opStart, global: name.description)
        }
        if role == .joblibLegacyWrapper {
            throw fail(
                .unsupportedFeature,
                "\(name) is the joblib < 0.10 format that keeps arrays in companion files; re-save the model with "
                    + "joblib >= 0.10 (joblib.dump(joblib.load(path), path))")
        }
        if seenGlobals.insert(name).inserted { info.globals.append(name) }
        return arena.leaf(.global(name))
    }

    private mutating func globalOf(_ v: VMValue, _ what: String) throws(PickleError) -> (GlobalName, GlobalPolicy.Role) {
        guard case .global(let name)? = arena.leafValue(v), let role = policy.role(of: name) else {
            throw fail(.corrupt, "\(what) needs a class or function reference, found \(v.kindName)")
        }
        return (name, role)
    }

    /// NEWOBJ / NEWOBJ_EX / INST / OBJ: instances of data classes (and joblib's array wrapper).
    mutating func instantiate(_ cls: VMValue, _ args: [VMValue]) throws(PickleError) -> VMValue {
        let (name, role) = try globalOf(cls, "object creation")
        switch role {
        case .dataClass, .joblibArrayWrapper, .dataConstructor:
            return .object(arena.newObject(name, role, args))
        case .orderedDict:
            return .dict(arena.newDict())
        case .builtinSet:
            return .set(arena.newSequence())
        case .builtinObject:
            return .object(arena.newObject(name, .dataClass, args))
        default:
            throw fail(.corrupt, "\(name) cannot be instantiated with NEWOBJ")
        }
    }

    /// REDUCE: what "calling" an allowed global means, as data.
    mutating func call(_ callable: VMValue, _ args: [VMValue]) throws(PickleError) -> VMValue {
        let (name, role) = try globalOf(callable, "REDUCE")
        switch role {
        case .dataClass, .dataConstructor:
            return .object(arena.newObject(name, role, args))
        case .numpyDType:
            guard let descr = args.first?.string else { throw fail(.corrupt, "numpy.dtype needs a descriptor string") }
            let dtype = try wrapDType { () throws(PickleError) in try DType(descriptor: descr) }
            let id = arena.newObject(name, role, args)
            arena.objects[id].resolved = .dtype(dtype)
            return .object(id)
        case .numpyReconstruct:
            return .object(arena.newObject(name, role, args))
        case .numpyScalar:
            return arena.leaf(try numpyScalar(args))
        case .numpyFromBuffer:
            return arena.leaf(.array(try fromBuffer(args)))
        case .codecsEncode:
            guard args.count >= 1, let s = args[0].string else { throw fail(.corrupt, "_codecs.encode needs a str") }
            let encoding = args.count > 1 ? (args[1].string ?? "") : "utf-8"
            guard ["latin1", "latin-1", "iso-8859-1", "iso8859-1"].contains(encoding.lowercased()) else {
                throw fail(.corrupt, "_codecs.encode with encoding '\(encoding)' is not used by numpy pickles")
            }
            var out: [UInt8] = []
            out.reserveCapacity(s.unicodeScalars.count)
            for u in s.unicodeScalars {
                guard u.value < 256 else { throw fail(.corrupt, "latin-1 string holds code point \(u.value)") }
                out.append(UInt8(u.value))
            }
            return arena.leaf(.bytes(out))
        case .copyregReconstructor:
            guard args.count == 3 else { throw fail(.corrupt, "copyreg._reconstructor needs 3 arguments") }
            let (cls, clsRole) = try globalOf(args[0], "copyreg._reconstructor")
            let (_, baseRole) = try globalOf(args[1], "copyreg._reconstructor base")
            guard clsRole == .dataClass, baseRole == .builtinObject, args[2].isNone else {
                throw fail(.corrupt, "copyreg._reconstructor(\(cls), ...) is not a plain object reconstruction")
            }
            return .object(arena.newObject(cls, .dataClass, []))
        case .builtinSet:
            var items: [VMValue] = []
            if let first = args.first {
                guard let list = arena.items(first) else { throw fail(.corrupt, "set() needs a list") }
                items = list
            }
            return .set(arena.newSequence(items))
        case .builtinBytes:
            if args.isEmpty { return arena.leaf(.bytes([])) }
            if case .bytes(let b)? = arena.leafValue(args[0]) { return arena.leaf(.bytes(b)) }
            if let s = args[0].string {
                let encoding = args.count > 1 ? (args[1].string ?? "utf-8").lowercased() : "utf-8"
                if ["latin1", "latin-1", "iso-8859-1"].contains(encoding) {
                    return arena.leaf(.bytes(s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
                }
                return arena.leaf(.bytes(Array(s.utf8)))
            }
            throw fail(.corrupt, "bytearray() with an argument of kind \(args[0].kindName)")
        case .orderedDict:
            var entries: [(VMValue, VMValue)] = []
            if let first = args.first, let pairs = arena.items(first) {
                for p in pairs {
                    guard let kv = arena.items(p), kv.count == 2 else { throw fail(.corrupt, "OrderedDict item is not a pair") }
                    entries.append((kv[0], kv[1]))
                }
            }
            return .dict(arena.newDict(entries))
        case .numpyNDArrayType, .builtinObject, .joblibArrayWrapper, .joblibLegacyWrapper:
            throw fail(.corrupt, "\(name) cannot be called with REDUCE")
        }
    }

    /// BUILD: set an object's state. Returns a replacement for the stack top when the object turns into data.
    mutating func build(_ target: VMValue, _ state: VMValue) throws(PickleError) -> VMValue? {
        guard case .object(let id) = target else {
            throw fail(.corrupt, "BUILD on a \(target.kindName); only objects take state")
        }
        switch arena.objects[id].role {
        case .numpyDType:
            arena.objects[id].resolved = .dtype(try dtypeFromState(arena.objects[id], state))
            return nil
        case .numpyReconstruct:
            let array = try reconstructArray(state)
            arena.objects[id].resolved = .array(array)
            return arena.leaf(.array(array))
        case .joblibArrayWrapper:
            let array = try readInlineArray(state)
            arena.objects[id].resolved = .array(array)
            info.inlineArrays += 1
            return arena.leaf(.array(array))
        default:
            arena.objects[id].state = state
            return nil
        }
    }

    mutating func appendItems(_ items: [VMValue], to target: VMValue) throws(PickleError) {
        switch target {
        case .list(let l), .set(let l):
            arena.sequences[l].append(contentsOf: items)
        default:
            throw fail(.corrupt, "APPEND on a \(target.kindName); only lists can be appended to")
        }
    }

    mutating func setItems(_ items: [VMValue], on target: VMValue) throws(PickleError) {
        guard case .dict(let d) = target else {
            throw fail(.corrupt, "SETITEM on a \(target.kindName); only dicts take items")
        }
        for i in stride(from: 0, to: items.count, by: 2) { arena.dicts[d].append((items[i], items[i + 1])) }
    }

    // MARK: - numpy

    mutating func wrapDType(_ body: () throws(PickleError) -> DType) throws(PickleError) -> DType {
        do { return try body() } catch { throw PickleError(error.code, error.message, offset: opStart) }
    }

    mutating func dtypeOf(_ v: VMValue) throws(PickleError) -> DType {
        switch v {
        case .object(let id):
            if case .dtype(let d)? = arena.objects[id].resolved { return d }
        case .boxed(let i):
            if case .dtype(let d) = arena.leaves[i] { return d }
        default: break
        }
        throw fail(.corrupt, "expected a numpy dtype, found \(v.kindName)")
    }

    /// numpy dtype `__setstate__`: `(version, endian, subarray, names, fields, elsize, alignment, flags[, metadata])`.
    mutating func dtypeFromState(_ record: ObjectRecord, _ state: VMValue) throws(PickleError) -> DType {
        guard case .dtype(var d)? = record.resolved else { throw fail(.corrupt, "dtype state without a descriptor") }
        guard let items = arena.items(state), items.count >= 8 else {
            throw fail(.corrupt, "numpy dtype state must be a tuple of 8 or 9 items")
        }
        if let endian = items[1].string {
            switch endian {
            case "<", "=": d.byteOrder = d.itemSize > 1 ? .little : .notApplicable
            case ">": d.byteOrder = d.itemSize > 1 ? .big : .notApplicable
            case "|": d.byteOrder = .notApplicable
            default: throw fail(.corrupt, "numpy dtype byte order '\(endian)' is unknown")
            }
        }
        guard items[2].isNone else {
            throw fail(.unsupportedFeature, "numpy sub-array dtypes are not used by supported models")
        }
        if let names = arena.items(items[3]), case .dict(let fields) = items[4] {
            var out: [DType.Field] = []
            for n in names {
                guard let name = n.string else { throw fail(.corrupt, "dtype field name is not a str") }
                guard let entry = arena.dicts[fields].first(where: { $0.0.string == name })?.1,
                    let spec = arena.items(entry), spec.count >= 2, let offset = spec[1].int
                else { throw fail(.corrupt, "dtype field '\(name)' has no (dtype, offset) entry") }
                let fd = try dtypeOf(spec[0])
                out.append(DType.Field(name: name, dtype: fd, offset: offset))
            }
            d.fields = out
        }
        if let elsize = items[5].int, elsize > 0 {
            guard elsize <= 1 << 20 else { throw fail(.limitExceeded, "dtype item size \(elsize) is absurd") }
            if d.kind == .void || d.kind == .unicode || d.kind == .bytes { d.itemSize = elsize }
        }
        for f in d.fields where f.offset < 0 || f.offset + f.dtype.itemSize > d.itemSize {
            throw fail(.corrupt, "dtype field '\(f.name)' lies outside its \(d.itemSize)-byte record")
        }
        return d
    }

    mutating func shapeOf(_ v: VMValue) throws(PickleError) -> [Int] {
        guard let items = arena.items(v) else {
            if let n = v.int, n >= 0 { return [n] }
            throw fail(.corrupt, "array shape must be a tuple of ints, found \(v.kindName)")
        }
        var shape: [Int] = []
        for item in items {
            guard let n = item.int, n >= 0 else { throw fail(.corrupt, "array dimension is not a non-negative int") }
            shape.append(n)
        }
        guard shape.count <= 32 else { throw fail(.corrupt, "array has \(shape.count) dimensions (numpy allows 32)") }
        return shape
    }

    /// Checks a declared array size against the limits and returns its byte count.
    mutating func checkedByteCount(_ shape: [Int], _ dtype: DType) throws(PickleError) -> Int {
        guard let n = NDArray.elementCount(shape) else {
            throw fail(.limitExceeded, "array shape \(shape) overflows")
        }
        let (bytes, o) = n.multipliedReportingOverflow(by: dtype.itemSize)
        guard !o, bytes <= limits.maxArrayBytes else {
            throw fail(.limitExceeded, "array of shape \(shape) and dtype \(dtype.descr) exceeds \(limits.maxArrayBytes) bytes")
        }
        return bytes
    }

    /// `numpy.core.multiarray._reconstruct` + BUILD `(version, shape, dtype, is_fortran, data)`.
    mutating func reconstructArray(_ state: VMValue) throws(PickleError) -> NDArray {
        guard var items = arena.items(state) else { throw fail(.corrupt, "ndarray state must be a tuple") }
        if items.count == 5 { items.removeFirst() }
        guard items.count == 4 else { throw fail(.corrupt, "ndarray state must have 4 or 5 items") }
        let shape = try shapeOf(items[0])
        let dtype = try dtypeOf(items[1])
        guard let fortran = items[2].int else { throw fail(.corrupt, "ndarray is_fortran flag is not a bool") }
        let nbytes = try checkedByteCount(shape, dtype)
        if dtype.kind == .object {
            guard let objs = arena.items(items[3]) else { throw fail(.corrupt, "object array data must be a list") }
            guard objs.count == NDArray.elementCount(shape) else {
                throw fail(.corrupt, "object array of shape \(shape) holds \(objs.count) items")
            }
            var frozen: [PickleValue] = []
            frozen.reserveCapacity(objs.count)
            for o in objs { frozen.append(try frozenLeaf(o)) }
            return NDArray(dtype: dtype, shape: shape, fortranOrder: fortran != 0, storage: .objects(frozen))
        }
        guard case .bytes(let data)? = arena.leafValue(items[3]) else {
            if case .string(let s) = items[3] {
                // Protocol 0/1 byte strings decoded as latin-1.
                let raw = s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
                guard raw.count == nbytes else {
                    throw fail(.corrupt, "array of shape \(shape) needs \(nbytes) bytes, state holds \(raw.count)")
                }
                return NDArray(dtype: dtype, shape: shape, fortranOrder: fortran != 0, storage: .raw(raw))
            }
            throw fail(.corrupt, "ndarray data must be bytes, found \(items[3].kindName)")
        }
        guard data.count == nbytes else {
            throw fail(.corrupt, "array of shape \(shape) and dtype \(dtype.descr) needs \(nbytes) bytes, has \(data.count)")
        }
        return NDArray(dtype: dtype, shape: shape, fortranOrder: fortran != 0, storage: .raw(data))
    }

    /// `numpy.core.numeric._frombuffer(buffer, dtype, shape, order)`.
    mutating func fromBuffer(_ args: [VMValue]) throws(PickleError) -> NDArray {
        guard args.count == 4, case .bytes(let data)? = arena.leafValue(args[0]), let order = args[3].string else {
            throw fail(.corrupt, "_frombuffer needs (buffer, dtype, shape, order)")
        }
        let dtype = try dtypeOf(args[1])
        let shape = try shapeOf(args[2])
        let nbytes = try checkedByteCount(shape, dtype)
        guard dtype.kind != .object, data.count == nbytes else {
            throw fail(.corrupt, "buffer of \(data.count) bytes does not fill an array of shape \(shape) (\(nbytes) bytes)")
        }
        return NDArray(dtype: dtype, shape: shape, fortranOrder: order == "F", storage: .raw(data))
    }

    /// `numpy.core.multiarray.scalar(dtype, bytes)` as a plain number.
    mutating func numpyScalar(_ args: [VMValue]) throws(PickleError) -> PickleValue {
        guard args.count >= 1 else { throw fail(.corrupt, "numpy scalar without a dtype") }
        let dtype = try dtypeOf(args[0])
        if dtype.kind == .object {
            guard args.count == 2 else { throw fail(.corrupt, "object scalar without a value") }
            return try frozenLeaf(args[1])
        }
        guard args.count == 2, case .bytes(let raw)? = arena.leafValue(args[1]) else {
            throw fail(.corrupt, "numpy scalar needs (dtype, bytes)")
        }
        guard raw.count == dtype.itemSize else {
            throw fail(.corrupt, "numpy scalar of dtype \(dtype.descr) holds \(raw.count) bytes")
        }
        let array = NDArray(dtype: dtype, shape: [], storage: .raw(raw))
        switch dtype.kind {
        case .bool: return .bool(raw[0] != 0)
        case .int, .uint:
            guard let v = try array.int64Values().first else { throw fail(.corrupt, "empty numpy scalar") }
            return .int(Int(v))
        case .float:
            guard let v = try array.doubleValues().first else { throw fail(.corrupt, "empty numpy scalar") }
            return .float(v)
        default:
            return .array(array)
        }
    }

    /// A stack value that is already immutable data (used for object-array elements and object scalars).
    mutating func frozenLeaf(_ v: VMValue) throws(PickleError) -> PickleValue {
        var freezer = ValueFreezer(limits: limits, arena: arena)
        return try freezer.freeze(v)
    }

    /// joblib: after a NumpyArrayWrapper's BUILD, the array's bytes follow in the stream.
    mutating func readInlineArray(_ state: VMValue) throws(PickleError) -> NDArray {
        guard let shapeV = arena.dictValue(state, "shape"), let dtypeV = arena.dictValue(state, "dtype") else {
            throw fail(.corrupt, "NumpyArrayWrapper state lacks 'shape' or 'dtype'")
        }
        let shape = try shapeOf(shapeV)
        let dtype = try dtypeOf(dtypeV)
        let order = arena.dictValue(state, "order")?.string ?? "C"
        guard order == "C" || order == "F" else { throw fail(.corrupt, "array order '\(order)' is neither C nor F") }
        if dtype.kind == .object {
            // Object arrays are a complete nested pickle stream (protocol 5 in joblib >= 1.2).
            guard embeddingLevel < limits.maxEmbeddedStreams else {
                throw fail(.limitExceeded, "embedded pickle streams nest deeper than \(limits.maxEmbeddedStreams)")
            }
            var inner = PickleMachine(
                bytes: bytes, start: pos, policy: policy, limits: limits, buffers: [], budget: budget,
                embeddingLevel: embeddingLevel + 1)
            let value = try inner.run()
            pos = inner.pos
            for g in inner.info.globals where seenGlobals.insert(g).inserted { info.globals.append(g) }
            var freezer = ValueFreezer(limits: limits, arena: inner.arena)
            guard case .array(let array) = try freezer.freeze(value) else {
                throw fail(.corrupt, "embedded stream of an object array did not hold an array")
            }
            return array
        }
        let nbytes = try checkedByteCount(shape, dtype)
        if let alignment = arena.dictValue(state, "numpy_array_alignment_bytes"), !alignment.isNone {
            let pad = Int(try readByte("array padding"))
            try need(pad, "array padding")
            pos += pad
        }
        let start = pos
        try need(nbytes, "array data of shape \(shape) and dtype \(dtype.descr)")
        try budget.charge(nbytes, at: start)
        pos += nbytes
        return NDArray(dtype: dtype, shape: shape, fortranOrder: order == "F", storage: .raw(Array(bytes[start..<pos])))
    }
}
