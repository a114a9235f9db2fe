/// A `multipart/form-data` body (the upload form): its text fields and its files, read from bytes already
/// collected with a size limit.
struct UIMultipart: Sendable {
    /// One uploaded file.
    struct File: Sendable {
        var fileName: String
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// Parses `body` with the boundary of a `Content-Type` header; nil when it is not multipart/form-data or is
    /// malformed.
    init?(contentType: String?, body: [UInt8]) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return nil }
        var boundary = String(contentType[range.upperBound...].prefix { $0 != ";" })
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 {
            boundary = String(boundary.dropFirst().dropLast())
        }
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var position = 0
        guard let first = Self.find(delimiter, in: body, from: 0) else { return nil }
        position = first + delimiter.count
        while position + 2 <= body.count {
            // "--" after the delimiter closes the body; else a CRLF starts the part's headers.
            if body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { return }
            position += 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: position),
                let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: headerEnd + 4)
            else { return nil }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let content = Array(body[(headerEnd + 4)..<next])
            if let name = Self.parameter("name", in: headers) {
                if let fileName = Self.parameter("filename", in: headers) {
                    files[name] = File(fileName: fileName, bytes: content)
                } else if fields[name] == nil {
                    fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            position = next + 2 + delimiter.count
        }
        return nil
    }

    /// A `name="value"` parameter of the part's Content-Disposition.
    static func parameter(_ name: String, in headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            guard let r = line.range(of: "; \(name)=\"") else { continue }
            return String(line[r.upperBound...].prefix { $0 != "\"" })
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
