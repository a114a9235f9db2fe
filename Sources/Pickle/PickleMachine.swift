/// What was learned about a stream while executing it.
public struct PickleStreamInfo: Sendable, Equatable {
    /// The protocol announced by PROTO (0 when absent, i.e. protocol 0 or 1).
    public var protocolVersion: Int = 0
    /// Every global the stream referenced, in first-seen order (all of them allowed, or loading failed).
    public var globals: [GlobalName] = []
    /// Number of numpy arrays whose raw bytes were read from joblib's inline regions.
    public var inlineArrays: Int = 0

    /// Creates empty info.
    public init() {}
}

/// A view of the stream's bytes; valid while the caller's `withUnsafeBufferPointer` scope lasts.
typealias ByteSlice = Slice<UnsafeBufferPointer<UInt8>>

/// A pickle virtual machine that builds data and never executes code.
///
/// It implements every opcode of protocols 0 to 5. GLOBAL, STACK_GLOBAL, INST and OBJ resolve names
/// only through a `GlobalPolicy`; REDUCE, NEWOBJ and BUILD on allowed names build records, arrays and
/// dtypes. joblib's inline array regions (raw bytes after a `NumpyArrayWrapper`'s BUILD) are read in place.
///
/// A struct whose methods are all `mutating`: every call passes the machine in place, so its state is never
/// copied and access is checked statically (a class paid for runtime exclusivity checks on every opcode).
struct PickleMachine {
    /// The stream. The machine never outlives the buffer: `Unpickler` creates and discards it inside
    /// `withUnsafeBufferPointer`, so reading a byte costs no reference counting.
    let bytes: UnsafeBufferPointer<UInt8>
    var pos: Int
    let policy: GlobalPolicy
    let limits: PickleLimits
    let buffers: [[UInt8]]
    var budget: ByteBudget
    let embeddingLevel: Int

    var arena = Arena()
    var stack: [VMValue] = []
    var marks: [Int] = []
    /// Memo entries 0..<n stored densely (MEMOIZE and protocol-2 BINPUT number them in order); sparse indices
    /// from hand-written PUTs go to the dictionary.
    var memoDense: [VMValue] = []
    var memoSparse: [Int: VMValue] = [:]
    var info = PickleStreamInfo()
    var seenGlobals = Set<GlobalName>()
    private var nextBuffer = 0
    var opStart = 0

    init(
        bytes: UnsafeBufferPointer<UInt8>, start: Int, policy: GlobalPolicy, limits: PickleLimits, buffers: [[UInt8]],
        budget: ByteBudget, embeddingLevel: Int
    ) {
        self.bytes = bytes
        self.pos = start
        self.policy = policy
        self.limits = limits
        self.buffers = buffers
        self.budget = budget
        self.embeddingLevel = embeddingLevel
    }

    // MARK: - Errors and reading

    mutating func fail(_ code: PickleError.Code, _ message: String) -> PickleError {
        PickleError(code, message, offset: opStart)
    }

    mutating func need(_ n: Int, _ what: @autoclosure () -> String) throws(PickleError) {
        guard n >= 0, n <= bytes.count - pos else {
            throw PickleError(
                .truncated, "stream ends inside \(what()): \(n) bytes announced, \(bytes.count - pos) left",
                offset: pos)
        }
    }

    mutating func readByte(_ what: @autoclosure () -> String) throws(PickleError) -> UInt8 {
        try need(1, what())
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func readUInt(_ n: Int, _ what: @autoclosure () -> String) throws(PickleError) -> UInt64 {
        try need(n, what())
        var v: UInt64 = 0
        for i in stride(from: n - 1, through: 0, by: -1) { v = (v << 8) | UInt64(bytes[pos + i]) }
        pos += n
        return v
    }

    mutating func readSlice(_ n: Int, _ what: @autoclosure () -> String) throws(PickleError) -> ByteSlice {
        try need(n, what())
        try budget.charge(n, at: pos)
        defer { pos += n }
        return bytes[pos..<pos + n]
    }

    mutating func readLine(_ what: @autoclosure () -> String) throws(PickleError) -> ByteSlice {
        let start = pos
        let cap = min(bytes.count, pos + 1 << 20)
        var i = pos
        while i < cap, bytes[i] != 0x0A { i += 1 }
        guard i < bytes.count, bytes[i] == 0x0A else {
            if i >= bytes.count {
                throw PickleError(.truncated, "stream ends inside \(what()): no newline", offset: start)
            }
            throw PickleError(.limitExceeded, "\(what()) is longer than 1 MiB", offset: start)
        }
        pos = i + 1
        try budget.charge(i - start, at: start)
        return bytes[start..<i]
    }

    mutating func lengthField(_ size: Int, _ what: @autoclosure () -> String) throws(PickleError) -> Int {
        let raw = try readUInt(size, what())
        guard raw <= UInt64(Int.max) else { throw fail(.corrupt, "\(what()) length \(raw) is impossible") }
        let n = Int(raw)
        try need(n, what())
        return n
    }

    // MARK: - Stack

    mutating func push(_ v: VMValue) throws(PickleError) {
        guard stack.count < limits.maxStackSize else {
            throw fail(.limitExceeded, "stack exceeds \(limits.maxStackSize) values")
        }
        stack.append(v)
    }

    mutating func pop(_ what: @autoclosure () -> String) throws(PickleError) -> VMValue {
        guard let v = stack.popLast(), stack.count >= (marks.last ?? 0) else {
            throw fail(.corrupt, "stack underflow in \(what())")
        }
        return v
    }

    mutating func peek(_ what: @autoclosure () -> String) throws(PickleError) -> VMValue {
        guard let v = stack.last, stack.count > (marks.last ?? 0) else {
            throw fail(.corrupt, "stack underflow in \(what())")
        }
        return v
    }

    mutating func popMark(_ what: @autoclosure () -> String) throws(PickleError) -> [VMValue] {
        guard let m = marks.popLast() else { throw fail(.corrupt, "\(what()) without a MARK") }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    var memoCount: Int { memoDense.count + memoSparse.count }

    mutating func memoPut(_ index: Int, _ v: VMValue) throws(PickleError) {
        guard index >= 0 else { throw fail(.corrupt, "negative memo index \(index)") }
        if index < memoDense.count {
            memoDense[index] = v
            return
        }
        if memoSparse[index] == nil, memoCount >= limits.maxMemoEntries {
            throw fail(.limitExceeded, "memo exceeds \(limits.maxMemoEntries) entries")
        }
        if index == memoDense.count, memoSparse.isEmpty {
            memoDense.append(v)
        } else {
            memoSparse[index] = v
        }
    }

    mutating func memoGet(_ index: Int) throws(PickleError) -> VMValue {
        if index >= 0, index < memoDense.count { return memoDense[index] }
        guard let v = memoSparse[index] else { throw fail(.corrupt, "memo index \(index) was never stored") }
        return v
    }

    // MARK: - Run

    /// Executes opcodes until STOP and returns the resulting top-of-stack value, still mutable.
    mutating func run() throws(PickleError) -> VMValue {
        while true {
            opStart = pos
            let op = try readByte("an opcode")
            if op == Op.stop.rawValue {
                guard stack.count == 1, marks.isEmpty else {
                    throw fail(.corrupt, "STOP with \(stack.count) values on the stack and \(marks.count) open MARKs")
                }
                return stack[0]
            }
            try step(op)
        }
    }

    mutating func step(_ byte: UInt8) throws(PickleError) {
        guard let op = Op(rawValue: byte) else {
            throw fail(.corrupt, "unknown opcode 0x\(String(byte, radix: 16)) — not a pickle stream, or corrupt")
        }
        switch op {
        case .proto:
            let v = Int(try readByte("PROTO"))
            guard v <= 5 else { throw fail(.corrupt, "unsupported pickle protocol \(v)") }
            info.protocolVersion = v
        case .frame:
            _ = try readUInt(8, "FRAME")
        case .mark:
            guard marks.count < limits.maxStackSize else { throw fail(.limitExceeded, "too many open MARKs") }
            marks.append(stack.count)
        case .pop:
            if stack.count == (marks.last ?? 0), !marks.isEmpty {
                _ = try popMark("POP")
            } else {
                _ = try pop("POP")
            }
        case .popMark: _ = try popMark("POP_MARK")
        case .dup: try push(try peek("DUP"))

        // Constants and numbers.
        case .none: try push(.none)
        case .newTrue: try push(.bool(true))
        case .newFalse: try push(.bool(false))
        case .binInt: try push(.int(Int(Int32(truncatingIfNeeded: try readUInt(4, "BININT")))))
        case .binInt1: try push(.int(Int(try readByte("BININT1"))))
        case .binInt2: try push(.int(Int(try readUInt(2, "BININT2"))))
        case .long1:
            let n = Int(try readByte("LONG1"))
            try push(arena.leaf(longValue(Array(try readSlice(n, "LONG1")))))
        case .long4:
            let n = Int(Int32(truncatingIfNeeded: try readUInt(4, "LONG4")))
            guard n >= 0, n <= 1 << 16 else { throw fail(.limitExceeded, "LONG4 of \(n) bytes") }
            try push(arena.leaf(longValue(Array(try readSlice(n, "LONG4")))))
        case .binFloat:
            try need(8, "BINFLOAT")
            var bits: UInt64 = 0
            for i in 0..<8 { bits = (bits << 8) | UInt64(bytes[pos + i]) }
            pos += 8
            try push(.float(Double(bitPattern: bits)))
        case .int: try push(arena.leaf(try textInt(try readLine("INT"), long: false)))
        case .long: try push(arena.leaf(try textInt(try readLine("LONG"), long: true)))
        case .float:
            let line = String(decoding: try readLine("FLOAT"), as: UTF8.self)
            guard let d = Double(line.trimmingASCIISpaces) else { throw fail(.corrupt, "bad FLOAT literal '\(line)'") }
            try push(.float(d))

        // Strings and bytes.
        case .binUnicode: try push(.string(try utf8(try readSlice(try lengthField(4, "BINUNICODE"), "BINUNICODE"))))
        case .shortBinUnicode:
            try push(.string(try utf8(try readSlice(Int(try readByte("SHORT_BINUNICODE")), "SHORT_BINUNICODE"))))
        case .binUnicode8: try push(.string(try utf8(try readSlice(try lengthField(8, "BINUNICODE8"), "BINUNICODE8"))))
        case .unicode: try push(.string(try rawUnicodeEscape(try readLine("UNICODE"))))
        case .binBytes: try push(arena.leaf(.bytes(Array(try readSlice(try lengthField(4, "BINBYTES"), "BINBYTES")))))
        case .shortBinBytes: try push(arena.leaf(.bytes(Array(try readSlice(Int(try readByte("SHORT_BINBYTES")), "SHORT_BINBYTES")))))
        case .binBytes8: try push(arena.leaf(.bytes(Array(try readSlice(try lengthField(8, "BINBYTES8"), "BINBYTES8")))))
        case .byteArray8: try push(arena.leaf(.bytes(Array(try readSlice(try lengthField(8, "BYTEARRAY8"), "BYTEARRAY8")))))
        case .binString:
            let n = Int(Int32(truncatingIfNeeded: try readUInt(4, "BINSTRING")))
            guard n >= 0 else { throw fail(.corrupt, "negative BINSTRING length") }
            try push(arena.leaf(latin1String(try readSlice(n, "BINSTRING"))))
        case .shortBinString:
            try push(arena.leaf(latin1String(try readSlice(Int(try readByte("SHORT_BINSTRING")), "SHORT_BINSTRING"))))
        case .string: try push(arena.leaf(try quotedString(try readLine("STRING"))))
        case .nextBuffer:
            guard nextBuffer < buffers.count else {
                throw fail(.corrupt, "NEXT_BUFFER but only \(buffers.count) out-of-band buffers were supplied")
            }
            try budget.charge(buffers[nextBuffer].count, at: opStart)
            try push(arena.leaf(.bytes(buffers[nextBuffer])))
            nextBuffer += 1
        case .readonlyBuffer: _ = try peek("READONLY_BUFFER")

        // Containers.
        case .emptyList: try push(.list(arena.newSequence()))
        case .emptyTuple: try push(.tuple(arena.newSequence()))
        case .emptyDict: try push(.dict(arena.newDict()))
        case .emptySet: try push(.set(arena.newSequence()))
        case .list: try push(.list(arena.newSequence(try popMark("LIST"))))
        case .tuple: try push(.tuple(arena.newSequence(try popMark("TUPLE"))))
        case .tuple1:
            let a = try pop("TUPLE1")
            try push(.tuple(arena.newSequence([a])))
        case .tuple2:
            let b = try pop("TUPLE2"), a = try pop("TUPLE2")
            try push(.tuple(arena.newSequence([a, b])))
        case .tuple3:
            let c = try pop("TUPLE3"), b = try pop("TUPLE3"), a = try pop("TUPLE3")
            try push(.tuple(arena.newSequence([a, b, c])))
        case .dict:
            let items = try popMark("DICT")
            guard items.count % 2 == 0 else { throw fail(.corrupt, "DICT with an odd number of items") }
            let d = arena.newDict()
            for i in stride(from: 0, to: items.count, by: 2) { arena.dicts[d].append((items[i], items[i + 1])) }
            try push(.dict(d))
        case .frozenSet:
            try push(.set(arena.newSequence(try popMark("FROZENSET"))))
        case .append:
            let v = try pop("APPEND")
            try appendItems([v], to: try peek("APPEND"))
        case .appends:
            let items = try popMark("APPENDS")
            try appendItems(items, to: try peek("APPENDS"))
        case .setItem:
            let v = try pop("SETITEM"), k = try pop("SETITEM")
            try setItems([k, v], on: try peek("SETITEM"))
        case .setItems:
            let items = try popMark("SETITEMS")
            guard items.count % 2 == 0 else { throw fail(.corrupt, "SETITEMS with an odd number of items") }
            try setItems(items, on: try peek("SETITEMS"))
        case .addItems:
            let items = try popMark("ADDITEMS")
            guard case .set(let s) = try peek("ADDITEMS") else { throw fail(.corrupt, "ADDITEMS on a non-set") }
            arena.sequences[s].append(contentsOf: items)

        // Memo.
        case .put:
            let line = String(decoding: try readLine("PUT"), as: UTF8.self)
            guard let i = Int(line) else { throw fail(.corrupt, "bad PUT index '\(line)'") }
            try memoPut(i, try peek("PUT"))
        case .binPut: try memoPut(Int(try readByte("BINPUT")), try peek("BINPUT"))
        case .longBinPut: try memoPut(Int(try readUInt(4, "LONG_BINPUT")), try peek("LONG_BINPUT"))
        case .memoize: try memoPut(memoCount, try peek("MEMOIZE"))
        case .get:
            let line = String(decoding: try readLine("GET"), as: UTF8.self)
            guard let i = Int(line) else { throw fail(.corrupt, "bad GET index '\(line)'") }
            try push(try memoGet(i))
        case .binGet: try push(try memoGet(Int(try readByte("BINGET"))))
        case .longBinGet: try push(try memoGet(Int(try readUInt(4, "LONG_BINGET"))))

        // Globals and object construction.
        case .global:
            let module = String(decoding: try readLine("GLOBAL module"), as: UTF8.self)
            let name = String(decoding: try readLine("GLOBAL name"), as: UTF8.self)
            try push(try resolveGlobal(GlobalName(module, name)))
        case .stackGlobal:
            let nameV = try pop("STACK_GLOBAL"), moduleV = try pop("STACK_GLOBAL")
            guard let module = moduleV.string, let name = nameV.string else {
                throw fail(.corrupt, "STACK_GLOBAL needs two str, found \(moduleV.kindName) and \(nameV.kindName)")
            }
            try push(try resolveGlobal(GlobalName(module, name)))
        case .reduce:
            let args = try pop("REDUCE"), callable = try pop("REDUCE")
            guard let argItems = arena.items(args) else {
                throw fail(.corrupt, "REDUCE arguments must be a tuple, found \(args.kindName)")
            }
            try push(try call(callable, argItems))
        case .newObj:
            let args = try pop("NEWOBJ"), cls = try pop("NEWOBJ")
            guard let argItems = arena.items(args) else { throw fail(.corrupt, "NEWOBJ arguments must be a tuple") }
            try push(try instantiate(cls, argItems))
        case .newObjEx:
            _ = try pop("NEWOBJ_EX")
            let args = try pop("NEWOBJ_EX"), cls = try pop("NEWOBJ_EX")
            guard let argItems = arena.items(args) else { throw fail(.corrupt, "NEWOBJ_EX arguments must be a tuple") }
            try push(try instantiate(cls, argItems))
        case .inst:
            let module = String(decoding: try readLine("INST module"), as: UTF8.self)
            let name = String(decoding: try readLine("INST name"), as: UTF8.self)
            let cls = try resolveGlobal(GlobalName(module, name))
            try push(try instantiate(cls, try popMark("INST")))
        case .obj:
            var items = try popMark("OBJ")
            guard !items.isEmpty else { throw fail(.corrupt, "OBJ without a class") }
            let cls = items.removeFirst()
            try push(try instantiate(cls, items))
        case .build:
            let state = try pop("BUILD")
            let target = try peek("BUILD")
            if let replacement = try build(target, state) {
                stack[stack.count - 1] = replacement
            }
        case .persId, .binPersId:
            throw fail(.disallowedOpcode, "persistent IDs (PERSID/BINPERSID) refer to objects outside the file; refused")
        case .ext1, .ext2, .ext4:
            throw fail(.disallowedOpcode, "extension-registry opcodes (EXT1/2/4) name code by number; refused")
        case .stop:
            throw fail(.corrupt, "STOP handled by run()")
        }
    }
}

/// Shared accounting of bytes allocated while loading (strings, bytes, arrays), across embedded streams.
final class ByteBudget {
    private(set) var used = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func charge(_ n: Int, at offset: Int) throws(PickleError) {
        used += n
        if used > limit {
            throw PickleError(
                .limitExceeded, "file allocates more than \(limit) bytes; raise the limit only for trusted files",
                offset: offset)
        }
    }
}

extension String {
    var trimmingASCIISpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
