import FuzzSupport
import ModelRuntime

/// One fuzz input: untrusted row text (CSV or JSON, as `warden score` and later the HTTP API receive it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRows(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? FeatureRows.parse(text, featureNames: ["a", "b", "c"], nFeatures: 3)
    _ = try? FeatureRows.parse(text, featureNames: nil, nFeatures: 2)
    return 0
}

/// SwiftPM's entry point for this executable (see FuzzSupport's `runLibFuzzer`).
@_cdecl("RowsFuzz_main")
public func rowsFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, { data, size in fuzzRows(data, size) })
}
