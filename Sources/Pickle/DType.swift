/// A numpy dtype as far as reading arrays needs it: kind, item size, byte order, and named fields.
public struct DType: Sendable, Equatable {
    /// numpy's kind character.
    public enum Kind: Character, Sendable {
        case bool = "b"
        case int = "i"
        case uint = "u"
        case float = "f"
        case complex = "c"
        case object = "O"
        case void = "V"
        case unicode = "U"
        case bytes = "S"
        case datetime = "M"
        case timedelta = "m"
    }

    /// Byte order of multi-byte items.
    public enum ByteOrder: Sendable, Equatable {
        case little, big, notApplicable
    }

    /// One named field of a structured dtype.
    public struct Field: Sendable, Equatable {
        /// Field name.
        public var name: String
        /// Field dtype.
        public var dtype: DType
        /// Byte offset inside the record.
        public var offset: Int
    }

    /// The kind.
    public var kind: Kind
    /// Bytes per item (for unicode: 4 per character).
    public var itemSize: Int
    /// Byte order.
    public var byteOrder: ByteOrder
    /// Fields of a structured (void) dtype, in declaration order; empty otherwise.
    public var fields: [Field]

    /// Creates a dtype.
    public init(kind: Kind, itemSize: Int, byteOrder: ByteOrder = .little, fields: [Field] = []) {
        self.kind = kind
        self.itemSize = itemSize
        self.byteOrder = byteOrder
        self.fields = fields
    }

    /// Parses the first argument numpy pickles a dtype with (`'f8'`, `'V64'`, `'O8'`, `'<U5'`, ...).
    ///
    /// - Throws: `PickleError.corrupt` when the string is not a dtype numpy writes.
    public init(descriptor: String) throws(PickleError) {
        var chars = Substring(descriptor)
        var order: ByteOrder = .little
        if let first = chars.first, "<>|=".contains(first) {
            order = first == ">" ? .big : (first == "|" ? .notApplicable : .little)
            chars = chars.dropFirst()
        }
        guard let kindChar = chars.first, let kind = Kind(rawValue: kindChar) else {
            throw PickleError(.corrupt, "unknown numpy dtype descriptor '\(descriptor)'")
        }
        let digits = chars.dropFirst()
        var size: Int
        if digits.isEmpty {
            size = kind == .bool ? 1 : 0
        } else {
            guard digits.count <= 12, let n = Int(digits), n >= 0 else {
                throw PickleError(.corrupt, "bad size in numpy dtype descriptor '\(descriptor)'")
            }
            size = n
        }
        if kind == .unicode { size *= 4 }
        if kind == .object { size = 8 }
        if size <= 1 || kind == .void || kind == .bytes { order = size <= 1 ? .notApplicable : order }
        self.init(kind: kind, itemSize: size, byteOrder: order)
    }

    /// numpy's `dtype.str`-like descriptor, e.g. `<f8`, `|V64`.
    public var descr: String {
        let orderChar: String
        switch byteOrder {
        case .little: orderChar = "<"
        case .big: orderChar = ">"
        case .notApplicable: orderChar = "|"
        }
        let n = kind == .unicode ? itemSize / 4 : itemSize
        return "\(orderChar)\(kind.rawValue)\(n)"
    }

    /// The field named `name`.
    public func field(_ name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
