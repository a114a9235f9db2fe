import Foundation

/// A Foundation error kept as the cause of a library error, described by its `localizedDescription` ("The file
/// “x” couldn’t be opened ..."), as the CLI's messages have always said it.
struct LocalizedCause: Error, CustomStringConvertible {
    /// The error.
    let error: any Error

    /// The error's `localizedDescription`.
    var description: String { error.localizedDescription }
}
