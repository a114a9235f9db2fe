import Foundation
import Testing
import WardenApp

@Suite("ScoreDistribution: recent scores and the reference's in the same bins")
struct ScoreDistributionTests {
    @Test("equal-width bins span both sets; every score lands in one bin, the maximum in the last")
    func bins() {
        let d = ScoreDistribution(
            model: "m", version: "v", current: [0, 0.1, 0.5, 0.9, 1.0], reference: [0.2, 2.0], referenceSource: "capture",
            bins: 4)
        #expect(d.edges == [0, 0.5, 1.0, 1.5, 2.0])
        #expect(d.current == [2, 2, 1, 0])
        #expect(d.reference == [1, 0, 0, 1])
        #expect(d.currentCount == 5)
        #expect(d.referenceCount == 2)
        #expect(d.referenceSource == "capture")
    }

    @Test("no reference: no reference counts and no source; all-equal scores get a bin of width 1 around them")
    func noReference() {
        let d = ScoreDistribution(
            model: "m", version: "v", current: [0.3, 0.3, 0.3], reference: [], referenceSource: "upload", bins: 2)
        #expect(d.reference == nil)
        #expect(d.referenceSource == nil)
        #expect(d.edges == [-0.2, 0.3, 0.8])
        #expect(d.current == [0, 3])
    }

    @Test("no scores at all: no edges, no bins")
    func empty() {
        let d = ScoreDistribution(model: "m", version: "v", current: [], reference: nil, referenceSource: nil, bins: 10)
        #expect(d.edges.isEmpty)
        #expect(d.current.isEmpty)
        #expect(d.currentCount == 0)
    }
}
