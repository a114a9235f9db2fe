/// A numpy array read from a pickle: dtype, shape, memory order and either raw bytes or Python objects.
///
/// Raw data is kept exactly as stored; the typed accessors convert from the stored byte order and
/// return elements in C (row-major) order.
public struct NDArray: Sendable {
    /// Element storage.
    public enum Storage: Sendable {
        /// Raw little- or big-endian bytes, `count * dtype.itemSize` long.
        case raw([UInt8])
        /// Elements of an object array, in storage order.
        case objects([PickleValue])
    }

    /// The dtype.
    public var dtype: DType
    /// The shape.
    public var shape: [Int]
    /// `true` when stored in Fortran (column-major) order.
    public var fortranOrder: Bool
    /// The elements.
    public var storage: Storage

    /// Creates an array; the caller guarantees that the storage size matches the shape.
    public init(dtype: DType, shape: [Int], fortranOrder: Bool = false, storage: Storage) {
        self.dtype = dtype
        self.shape = shape
        self.fortranOrder = fortranOrder
        self.storage = storage
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Element count for a shape, or nil on overflow or negative dimensions.
    static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = p
        }
        return n
    }

    /// Storage index of each C-order element (identity unless the array is Fortran-ordered).
    private func storageIndex(_ cIndex: Int) -> Int {
        guard fortranOrder, shape.count > 1 else { return cIndex }
        var rem = cIndex
        var idx = 0
        var step = 1
        var coords = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            coords[axis] = rem % shape[axis]
            rem /= shape[axis]
        }
        for axis in 0..<shape.count {
            idx += coords[axis] * step
            step *= shape[axis]
        }
        return idx
    }

    private func rawBytes() throws(PickleError) -> [UInt8] {
        guard case .raw(let bytes) = storage else {
            throw PickleError(.corrupt, "expected a numeric array, found an object array of shape \(shape)")
        }
        return bytes
    }

    @inline(__always)
    private static func loadU64(_ b: UnsafeRawBufferPointer, _ at: Int, _ size: Int, big: Bool) -> UInt64 {
        var v: UInt64 = 0
        if big {
            for i in 0..<size { v = (v << 8) | UInt64(b[at + i]) }
        } else {
            for i in stride(from: size - 1, through: 0, by: -1) { v = (v << 8) | UInt64(b[at + i]) }
        }
        return v
    }

    /// Reads element `index` (storage order) of a numeric dtype at `base` within a record of `recordSize`.
    static func numeric(
        _ raw: UnsafeRawBufferPointer, offset: Int, dtype: DType
    ) throws(PickleError) -> Double {
        let big = dtype.byteOrder == .big
        let bits = loadU64(raw, offset, dtype.itemSize, big: big)
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 8): return Double(bitPattern: bits)
        case (.float, 4): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case (.float, 2): return Double(Float16Bits.toFloat(UInt16(truncatingIfNeeded: bits)))
        case (.int, 8): return Double(Int64(bitPattern: bits))
        case (.int, 4): return Double(Int32(truncatingIfNeeded: bits))
        case (.int, 2): return Double(Int16(truncatingIfNeeded: bits))
        case (.int, 1): return Double(Int8(truncatingIfNeeded: bits))
        case (.uint, 1), (.uint, 2), (.uint, 4), (.uint, 8), (.bool, 1): return Double(bits)
        default:
            throw PickleError(.corrupt, "dtype \(dtype.descr) cannot be read as a number")
        }
    }

    static func integer(_ raw: UnsafeRawBufferPointer, offset: Int, dtype: DType) throws(PickleError) -> Int64 {
        let bits = loadU64(raw, offset, dtype.itemSize, big: dtype.byteOrder == .big)
        switch (dtype.kind, dtype.itemSize) {
        case (.int, 8): return Int64(bitPattern: bits)
        case (.int, 4): return Int64(Int32(truncatingIfNeeded: bits))
        case (.int, 2): return Int64(Int16(truncatingIfNeeded: bits))
        case (.int, 1): return Int64(Int8(truncatingIfNeeded: bits))
        case (.uint, 1), (.uint, 2), (.uint, 4), (.bool, 1): return Int64(bits)
        case (.uint, 8):
            guard bits <= UInt64(Int64.max) else {
                throw PickleError(.corrupt, "uint64 value \(bits) does not fit a signed 64-bit integer")
            }
            return Int64(bits)
        default:
            throw PickleError(.corrupt, "dtype \(dtype.descr) is not an integer type")
        }
    }

    /// All elements as `Double`, in C order. Works for bool, integer and floating dtypes.
    public func doubleValues() throws(PickleError) -> [Double] {
        let size = dtype.itemSize
        return try NDArray.gather(
            try rawBytes(), count: count, dtype: dtype, native: .float, offset: { storageIndex($0) * size },
            read: { (raw, at, dt) throws(PickleError) in try NDArray.numeric(raw, offset: at, dtype: dt) })
    }

    /// All elements as `Int64`, in C order. Works for bool and integer dtypes.
    public func int64Values() throws(PickleError) -> [Int64] {
        let size = dtype.itemSize
        return try NDArray.gather(
            try rawBytes(), count: count, dtype: dtype, native: .int, offset: { storageIndex($0) * size },
            read: { (raw, at, dt) throws(PickleError) in try NDArray.integer(raw, offset: at, dtype: dt) })
    }

    /// Reads `n` elements at `offset(i)`: an unaligned load when stored natively as `T`, else through `read`.
    private static func gather<T: BitwiseCopyable>(
        _ bytes: [UInt8], count n: Int, dtype: DType, native: DType.Kind, offset: (Int) -> Int,
        read: (UnsafeRawBufferPointer, Int, DType) throws(PickleError) -> T
    ) throws(PickleError) -> [T] {
        let isNative = dtype.kind == native && dtype.itemSize == MemoryLayout<T>.size && dtype.byteOrder != .big
        var out = [T]()
        out.reserveCapacity(n)
        var failure: PickleError?
        bytes.withUnsafeBytes { raw in
            if isNative {
                for i in 0..<n { out.append(raw.loadUnaligned(fromByteOffset: offset(i), as: T.self)) }
                return
            }
            do throws(PickleError) {
                for i in 0..<n { out.append(try read(raw, offset(i), dtype)) }
            } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

    /// Elements as strings: object arrays of `str`, or numpy unicode (`U`) / bytes (`S`) arrays.
    public func stringValues() throws(PickleError) -> [String] {
        switch storage {
        case .objects(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw PickleError(.corrupt, "expected an array of str, found an element of kind \(item.kindName)")
                }
                out.append(s)
            }
            return out
        case .raw(let bytes):
            let size = dtype.itemSize
            var out: [String] = []
            for i in 0..<count {
                let start = storageIndex(i) * size
                let slice = bytes[start..<start + size]
                if dtype.kind == .unicode {
                    var scalars = String.UnicodeScalarView()
                    var j = slice.startIndex
                    while j + 3 < slice.endIndex {
                        let b = [slice[j], slice[j + 1], slice[j + 2], slice[j + 3]]
                        let v =
                            dtype.byteOrder == .big
                            ? (UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3]))
                            : (UInt32(b[3]) << 24 | UInt32(b[2]) << 16 | UInt32(b[1]) << 8 | UInt32(b[0]))
                        if v == 0 { break }
                        guard let scalar = Unicode.Scalar(v) else {
                            throw PickleError(.corrupt, "invalid code point \(v) in a numpy unicode array")
                        }
                        scalars.append(scalar)
                        j += 4
                    }
                    out.append(String(scalars))
                } else if dtype.kind == .bytes {
                    let trimmed = slice.prefix { $0 != 0 }
                    out.append(String(decoding: trimmed, as: UTF8.self))
                } else {
                    throw PickleError(.corrupt, "dtype \(dtype.descr) is not a string type")
                }
            }
            return out
        }
    }

    /// The elements of an object array.
    public func objectValues() throws(PickleError) -> [PickleValue] {
        guard case .objects(let items) = storage else {
            throw PickleError(.corrupt, "expected an object array, found dtype \(dtype.descr)")
        }
        return items
    }

    /// One field of a 1-D structured array (e.g. a tree's `nodes`), as `Double`s.
    public func fieldDoubles(_ name: String) throws(PickleError) -> [Double] {
        let (field, bytes) = try structuredField(name)
        let record = dtype.itemSize
        return try NDArray.gather(
            bytes, count: count, dtype: field.dtype, native: .float, offset: { $0 * record + field.offset },
            read: { (raw, at, dt) throws(PickleError) in try NDArray.numeric(raw, offset: at, dtype: dt) })
    }

    /// One field of a 1-D structured array, as `Int64`s.
    public func fieldInt64s(_ name: String) throws(PickleError) -> [Int64] {
        let (field, bytes) = try structuredField(name)
        let record = dtype.itemSize
        return try NDArray.gather(
            bytes, count: count, dtype: field.dtype, native: .int, offset: { $0 * record + field.offset },
            read: { (raw, at, dt) throws(PickleError) in try NDArray.integer(raw, offset: at, dtype: dt) })
    }

    private func structuredField(_ name: String) throws(PickleError) -> (DType.Field, [UInt8]) {
        guard let field = dtype.field(name) else {
            let names = dtype.fields.map(\.name).joined(separator: ", ")
            throw PickleError(.corrupt, "structured array has no field '\(name)' (fields: \(names))")
        }
        guard field.offset >= 0, field.offset + field.dtype.itemSize <= dtype.itemSize else {
            throw PickleError(.corrupt, "field '\(name)' lies outside its \(dtype.itemSize)-byte record")
        }
        return (field, try rawBytes())
    }
}

/// IEEE half-precision decoding (numpy `f2`), without relying on platform `Float16` availability.
enum Float16Bits {
    static func toFloat(_ h: UInt16) -> Float {
        let sign: UInt32 = UInt32(h & 0x8000) << 16
        let exp = Int((h >> 10) & 0x1F)
        let frac = UInt32(h & 0x3FF)
        if exp == 0 {
            let magnitude = Float(frac) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (frac << 13)) }
        return Float(bitPattern: sign | (UInt32(exp - 15 + 127) << 23) | (frac << 13))
    }
}
