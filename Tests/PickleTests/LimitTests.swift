import Foundation
import Pickle
import Testing
import TestSupport

@Suite("Resource limits")
struct LimitTests {
    let policy = GlobalPolicy.numpyAndJoblib

    @Test("lists nested 100,000 deep are refused and released without overflowing the stack")
    func deepNesting() {
        var s: [UInt8] = [0x80, 0x02]
        s += [UInt8](repeating: 0x5D, count: 100_000)  // EMPTY_LIST
        s += [UInt8](repeating: 0x61, count: 99_999)  // APPEND
        s += [0x2E]
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy).load(s) }
        #expect(error?.code == .limitExceeded)
    }

    @Test("tuples nested 100,000 deep are refused too")
    func deepTuples() {
        var s: [UInt8] = [0x80, 0x02, 0x29]
        s += [UInt8](repeating: 0x85, count: 100_000)  // TUPLE1
        s += [0x2E]
        #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy).load(s) }
    }

    @Test("shared references that expand exponentially (billion laughs) are refused")
    func billionLaughs() {
        var s: [UInt8] = [0x80, 0x04, 0x5D, 0x94]
        for i in 1...60 {
            s += [0x30, 0x5D, 0x94, 0x28, 0x6A] + le32(i - 1) + [0x6A] + le32(i - 1) + [0x65]
        }
        s += [0x2E]
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy).load(s) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("expands") ?? false)
    }

    @Test("the memo size is bounded")
    func memo() {
        var s: [UInt8] = [0x80, 0x04, 0x4E]
        for _ in 0..<11 { s += [0x94] }
        s += [0x2E]
        let limits = PickleLimits(maxMemoEntries: 10)
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy, limits: limits).load(s) }
        #expect(error?.code == .limitExceeded)
    }

    @Test("a memo index that was never stored is an error with its offset")
    func badMemo() {
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy).load([0x80, 0x02, 0x68, 0x05, 0x2E]) }
        #expect(error?.code == .corrupt)
        #expect(error?.offset == 2)
    }

    @Test("a declared length beyond the end of the stream is caught before allocation")
    func hugeLength() {
        // BINBYTES8 announcing 2^62 bytes.
        let s: [UInt8] = [0x80, 0x04, 0x8E, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x2E]
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: policy).load(s) }
        #expect(error?.code == .truncated || error?.code == .corrupt)
    }

    @Test("compression bombs stop at the decompressed-size limit", arguments: ["bomb.zlib", "bomb.xz"])
    func bomb(_ name: String) throws {
        let bytes = try Fixtures.bytes(Fixtures.directory("pickle").appendingPathComponent(name))
        let limits = PickleLimits(maxDecompressedBytes: 1 << 20)
        let error = #expect(throws: PickleError.self) { _ = try Joblib.load(bytes: bytes, policy: policy, limits: limits) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("bomb") ?? false)
    }

    @Test("lz4 and unknown formats are named", arguments: [
        ([UInt8]([0x04, 0x22, 0x4D, 0x18, 0, 0]), "lz4"), ([0x50, 0x4B, 0x03, 0x04], "not a joblib or pickle file"),
    ])
    func formats(_ c: ([UInt8], String)) {
        let error = #expect(throws: PickleError.self) { _ = try Joblib.load(bytes: c.0, policy: policy) }
        #expect(error?.message.contains(c.1) ?? false, "\(String(describing: error))")
    }

    func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
}
