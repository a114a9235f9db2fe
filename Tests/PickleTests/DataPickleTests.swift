import Foundation
import Pickle
import Testing
import TestSupport

let plainData = GlobalPolicy.numpyAndJoblib

func loadFixture(_ name: String, buffers: [[UInt8]] = []) throws -> PickleValue {
    let bytes = try Fixtures.bytes(Fixtures.directory("pickle").appendingPathComponent(name))
    if name.hasSuffix(".joblib") { return try Joblib.load(bytes: bytes, policy: plainData).root }
    return try Unpickler(policy: plainData, buffers: buffers).load(bytes)
}

@Suite("Plain data at every pickle protocol")
struct DataPickleTests {
    @Test("literals and containers decode the same at protocols 0 to 5", arguments: 0...5)
    func data(_ proto: Int) throws {
        let v = try loadFixture("data_p\(proto).pkl")
        #expect(v["int"]?.intValue == 1)
        #expect(v["neg"]?.intValue == -5)
        #expect(v["i32"]?.intValue == 2_147_483_647)
        #expect(v["i64"]?.intValue == -1_099_511_627_776)
        if case .bigInt(let b)? = v["big"] {
            // 2**70 little-endian two's complement: byte 8 holds 0x40.
            #expect(b.count >= 9 && b[8] == 0x40 && b[0..<8].allSatisfy { $0 == 0 })
        } else {
            Issue.record("2**70 should be a big int, got \(v["big"]?.kindName ?? "nothing")")
        }
        if case .bigInt(let b)? = v["negbig"] { #expect(b[8] == 0xC0) } else { Issue.record("-2**70 not a big int") }
        #expect(v["float"]?.doubleValue == 1.5)
        #expect(v["str"]?.stringValue == "h\u{e9}llo \u{2713}")
        if case .bytes(let b)? = v["bytes"] { #expect(b == [0, 255, 97, 98]) } else { Issue.record("bytes: \(v["bytes"]?.kindName ?? "-")") }
        if case .bytes(let b)? = v["bytearray"] { #expect(b == [120, 121]) } else { Issue.record("bytearray: \(v["bytearray"]?.kindName ?? "-")") }
        #expect(v["list"]?.sequence?.count == 2)
        #expect(v["list"]?.sequence?[1].sequence?.map(\.intValue) == [2, 3])
        if case .tuple(let t)? = v["tuple"] { #expect(t.count == 3 && t[1].stringValue == "two") } else { Issue.record("tuple") }
        if case .set(let s)? = v["set"] { #expect(s.map(\.intValue) == [5]) } else { Issue.record("set: \(v["set"]?.kindName ?? "-")") }
        if case .set(let s)? = v["frozenset"] { #expect(s.map(\.intValue) == [6]) } else { Issue.record("frozenset") }
        #expect(v["none"]?.isNone == true)
        #expect(v["true"]?.boolValue == true)
        #expect(v["false"]?.boolValue == false)
        // The memoized list appears twice, both with its items (appended after it was memoized).
        #expect(v["shared"]?.sequence?.map { $0.sequence?.count } == [2, 2])
        #expect(v["nested"]?["k"]?["k2"]?.sequence?.count == 1)
    }

    @Test("numpy arrays in plain pickles and joblib files", arguments: [
        "arrays_p2.pkl", "arrays_p4.pkl", "arrays_p5.pkl", "arrays.joblib", "arrays_p2.joblib",
    ])
    func arrays(_ name: String) throws {
        let v = try loadFixture(name)
        #expect(try v["f8"]?.array?.doubleValues() == [0, 1, 2, 3, 4, 5])
        #expect(v["f8"]?.array?.shape == [2, 3])
        // Fortran storage is returned in C order.
        #expect(try v["fortran"]?.array?.doubleValues() == [0, 1, 2, 3, 4, 5])
        #expect(try v["big_endian"]?.array?.int64Values() == [0, 1, 2, 3])
        #expect(try v["f4"]?.array?.doubleValues() == [0.5, -1.25])
        #expect(try v["bool"]?.array?.int64Values() == [1, 0, 1])
        #expect(try v["u1"]?.array?.int64Values() == [0, 255])
        #expect(try v["objects"]?.array?.stringValues() == ["a", "bc"])
        #expect(try v["unicode"]?.array?.stringValues() == ["ab", "c"])
        #expect(v["scalar"]?.doubleValue == 2.5)
        #expect(v["int_scalar"]?.intValue == -3)
    }

    @Test("protocol 5 out-of-band buffers are taken from the caller, in order")
    func outOfBand() throws {
        let buffer = try Fixtures.bytes(Fixtures.directory("pickle").appendingPathComponent("oob.buffer0"))
        let v = try loadFixture("oob.pkl", buffers: [buffer])
        #expect(try v.array?.doubleValues() == [0, 1, 2, 3])
        #expect(throws: PickleError.self) { _ = try loadFixture("oob.pkl") }
    }
}
