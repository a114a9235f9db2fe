import ModelRuntime

/// One fuzz input: untrusted row text (CSV or JSON, as `warden score` and later the HTTP API receive it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRows(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? FeatureRows.parse(text, featureNames: ["a", "b", "c"], nFeatures: 3)
    _ = try? FeatureRows.parse(text, featureNames: nil, nFeatures: 2)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` aliased to `<Target>_main` (see PickleFuzz.swift).
@_cdecl("RowsFuzz_main")
public func rowsFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var args = argv
    return LLVMFuzzerRunDriver(&count, &args, { data, size in fuzzRows(data, size) })
}
