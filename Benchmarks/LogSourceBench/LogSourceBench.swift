import Agents
import Foundation
import LogSourcePostgres
import PostgresNIO

/// The PostgreSQL log source's read speed: a whole table read in pages, beside the driver alone reading the same
/// pages. scripts/bench-logsource loads the table and runs this.
///
///     warden-logsource-bench --url postgres://... [--table wifi_logs] [--page 10000] [--runs 3] [--json OUT]
///
/// - driver: the source's own page statement through postgres-nio (`PostgresClient.query`, binary rows), each
///   cell's bytes touched, the first decoded as the id for the next page; no event is made. What the server, the
///   wire and the driver cost.
/// - source: `PostgresLogSource.read(after:limit:)` page after page until the table is exhausted: the same rows,
///   each normalised by `LogRecordParser` into a `LogEvent` (or a `MalformedRecord`), messages kept.
/// Best of `--runs` (after one warm-up read of the whole table by each); prints rows/s and the ratio.
@main
struct LogSourceBench {
    static func main() async throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        guard let url = value("--url") ?? ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"] else {
            print("warden-logsource-bench: --url postgres://USER:PASSWORD@HOST:PORT/DATABASE is required")
            exit(2)
        }
        let table = value("--table") ?? "wifi_logs"
        let pageSize = Int(value("--page") ?? "10000") ?? 10_000
        let runs = max(1, Int(value("--runs") ?? "3") ?? 3)
        var configuration = try PostgresLogSourceConfiguration(url: url, table: table)
        configuration.queryTimeout = .seconds(120)
        let source = try PostgresLogSource(configuration: configuration)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await source.client.run() }
            defer { group.cancelAll() }

            var driver: [Double] = []
            var reader: [Double] = []
            var driverRows = 0
            var counts = (events: 0, malformed: 0, pages: 0)
            for run in 0...runs {
                var t0 = now()
                driverRows = try await readWithDriver(source, pageSize: pageSize)
                if run > 0 { driver.append(now() - t0) }
                t0 = now()
                counts = try await readWithSource(source, pageSize: pageSize)
                if run > 0 { reader.append(now() - t0) }
            }
            let rows = counts.events + counts.malformed
            guard rows == driverRows else {
                throw BenchError("the source read \(rows) rows, the driver \(driverRows)")
            }
            let best = (driver: driver.min() ?? 0, source: reader.min() ?? 0)
            print(
                "PostgreSQL log source: \(rows) rows of \(table) in \(counts.pages) pages of \(pageSize) "
                    + "(\(counts.events) events, \(counts.malformed) malformed), best of \(runs)")
            print(
                String(
                    format: "  driver alone (postgres-nio, binary rows): %7.3f s  %10.0f rows/s",
                    best.driver, Double(rows) / best.driver))
            print(
                String(
                    format:
                        "  PostgresLogSource.read (rows -> events):  %7.3f s  %10.0f rows/s  (%.2fx the driver's time)",
                    best.source, Double(rows) / best.source, best.source / best.driver))
            if let path = value("--json") {
                let json = """
                    {"rows": \(rows), "events": \(counts.events), "malformed": \(counts.malformed), \
                    "page": \(pageSize), "runs": \(runs), "driver_s": \(best.driver), "source_s": \(best.source), \
                    "rows_per_s": \(Double(rows) / best.source)}
                    """
                try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: path))
            }
        }
    }

    static func readWithSource(_ source: PostgresLogSource, pageSize: Int) async throws
        -> (events: Int, malformed: Int, pages: Int)
    {
        var position: Int64 = 0
        var counts = (events: 0, malformed: 0, pages: 0)
        while true {
            let page = try await source.read(after: position, limit: pageSize)
            guard let last = page.lastPosition else { return counts }
            counts.events += page.events.count
            counts.malformed += page.malformed.count
            counts.pages += 1
            position = last
        }
    }

    static func readWithDriver(_ source: PostgresLogSource, pageSize: Int) async throws -> Int {
        var position: Int64 = 0
        var rows = 0
        var bytes = 0
        while true {
            var binds = PostgresBindings(capacity: 2)
            binds.append(position)
            binds.append(Int64(pageSize))
            var last: Int64?
            for try await row in try await source.client.query(
                PostgresQuery(unsafeSQL: source.pageStatement, binds: binds))
            {
                var cells = row.makeIterator()
                if let id = cells.next() { last = try id.decode(Int64.self) }
                while let cell = cells.next() { bytes &+= cell.bytes?.readableBytes ?? 0 }
                rows += 1
            }
            guard let last else { break }
            position = last
        }
        if bytes == -1 { print(bytes) }  // keeps the cells' reads
        return rows
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
