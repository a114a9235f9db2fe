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

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` aliased to `<Target>_main` (see PickleFuzz.swift).
@_cdecl("ZipFuzz_main")
public func zipFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var args = argv
    return LLVMFuzzerRunDriver(&count, &args, { data, size in fuzzZip(data, size) })
}
