import DataFormats
import Foundation
import ModelRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// File parsing alone: rows read from a file into feature matrices by `FeatureRowReader` (what `warden score` does
/// before scoring), best of `repeat` runs, as MB/s of file text.
///
///     warden-bench --parse FILE[,FILE...] --feature-names a,b,c [--repeat 3]
///
/// Prints one JSON object per file: `{"file": ..., "bytes": ..., "rows": ..., "seconds": ..., "mb_per_s": ...}`.
enum ParseBench {
    static func run(files: [String], names: [String], repeat count: Int) throws {
        for file in files {
            var best = Double.infinity
            var rows = 0
            for _ in 0..<max(1, count) {
                let fd = open(file, O_RDONLY)
                guard fd >= 0 else { throw ModelRuntimeError(.ioError, "cannot read \(file)") }
                defer { close(fd) }
                let start = DispatchTime.now().uptimeNanoseconds
                let reader = FeatureRowReader(
                    stream: FileDescriptorStream(fd, name: file), featureNames: names, nFeatures: names.count)
                var n = 0
                var checksum = 0.0
                while let batch = try reader.next(maxRows: 65_536) {
                    n += batch.rows
                    checksum += batch.values[0]
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if checksum.isNaN { print("") }  // keeps the values alive
                best = min(best, seconds)
                rows = n
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let figures: JSONValue = .object([
                "file": .string(file), "bytes": .int(bytes), "rows": .int(rows), "seconds": .double(best),
                "mb_per_s": .double(Double(bytes) / 1e6 / best),
            ])
            print(JSONWriter.text(figures))
        }
    }
}
