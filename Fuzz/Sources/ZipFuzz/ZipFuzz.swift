import FuzzSupport
import ModelPackage

/// One fuzz input: an untrusted deployment-package ZIP. Open it and read every entry it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = ZipLimits(
        maxArchiveBytes: 8 << 20, maxEntries: 200, maxEntryBytes: 16 << 20,
        maxTotalUncompressedBytes: 32 << 20)
    guard let archive = try? ZipArchive(bytes: bytes, limits: limits) else { return 0 }
    for entry in archive.entries { _ = try? archive.data(for: entry) }
    return 0
}

/// SwiftPM's entry point for this executable (see FuzzSupport's `runLibFuzzer`).
@_cdecl("ZipFuzz_main")
public func zipFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, { data, size in fuzzZip(data, size) })
}
