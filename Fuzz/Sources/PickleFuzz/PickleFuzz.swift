import FuzzSupport
import ModelRuntime
import Pickle

/// Limits small enough that libFuzzer's default 2 GB RSS cap is never the finding.
let fuzzLimits = PickleLimits(
    maxDepth: 100, maxMemoEntries: 100_000, maxStackSize: 100_000, maxTotalBytes: 64 << 20,
    maxArrayBytes: 32 << 20, maxDecompressedBytes: 64 << 20, maxExpandedNodes: 1_000_000)

/// One fuzz input: read it as a model file; when it loads as a detector, score a few awkward rows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The raw machine with only numpy/joblib data allowed (reaches opcodes the model policy refuses early).
    _ = try? Unpickler(policy: .numpyAndJoblib, limits: fuzzLimits).load(bytes)
    guard let model = try? ModelLoader.load(bytes: bytes, limits: fuzzLimits) else { return 0 }
    switch model.estimator {
    case .detector(let d) where d.nFeaturesIn > 0 && d.nFeaturesIn < 10_000:
        let n = d.nFeaturesIn
        var values = [Double](repeating: 0, count: 3 * n)
        for i in 0..<n {
            values[n + i] = i % 2 == 0 ? .nan : 1e300
            values[2 * n + i] = -Double(i)
        }
        _ = try? d.evaluate(FeatureMatrix(rows: 3, columns: n, values: values))
    case .transformer(let t) where t.nFeaturesIn > 0 && t.nFeaturesIn < 10_000:
        _ = try? t.transform(FeatureMatrix(rows: 1, columns: t.nFeaturesIn, values: .init(repeating: 1, count: t.nFeaturesIn)))
    default:
        break
    }
    return 0
}

/// SwiftPM's entry point for this executable (see FuzzSupport's `runLibFuzzer`).
@_cdecl("PickleFuzz_main")
public func pickleFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, { data, size in fuzzOneInput(data, size) })
}
