import Agents
import Testing

@Suite("MACAddress: three spellings, one normal form")
struct MACAddressTests {
    @Test(
        "normalises colon, dash and Cisco spellings in any case to lower-case colon form",
        arguments: [
            "AA:BB:CC:00:11:22", "aa:bb:cc:00:11:22", "Aa:bB:cC:00:11:22", "aa-bb-cc-00-11-22", "AA-BB-CC-00-11-22",
            "aabb.cc00.1122", "AABB.CC00.1122",
        ])
    func spellings(text: String) {
        #expect(MACAddress(text)?.description == "aa:bb:cc:00:11:22")
        #expect(MACAddress(text)?.rawValue == 0xAABB_CC00_1122)
    }

    @Test(
        "rejects anything else",
        arguments: [
            "", "aa:bb:cc:00:11", "aa:bb:cc:00:11:22:33", "aa:bb-cc:00:11:22", "aa-bb-cc-00-11:22", "gg:bb:cc:00:11:22",
            "aabbcc001122", "aabb.cc00-1122", "aab.bcc00.1122", " aa:bb:cc:00:11:22", "aa:bb:cc:00:11:2",
            "aa.bb.cc.00.11.22",
            "aabb:cc00:1122",
        ])
    func invalid(text: String) {
        #expect(MACAddress(text) == nil)
    }

    @Test("keeps only 48-bit values and orders by value")
    func rawValues() {
        #expect(MACAddress(rawValue: 1 << 48) == nil)
        #expect(MACAddress(rawValue: 0xFFFF_FFFF_FFFF)?.description == "ff:ff:ff:ff:ff:ff")
        #expect(MACAddress(rawValue: 0)?.description == "00:00:00:00:00:00")
        if let a = MACAddress("00:00:00:00:00:01"), let b = MACAddress("00:00:00:00:01:00") { #expect(a < b) }
    }
}
