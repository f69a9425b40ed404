import Compute
import Testing
@testable import Inspection

struct HeadAnalysisTests {
    @Test func pearsonOfKnownSeries() {
        #expect(abs(HeadAnalysisReport.pearson([1, 2, 3, 4], [2, 4, 6, 8]) - 1) < 1e-12)
        #expect(abs(HeadAnalysisReport.pearson([1, 2, 3, 4], [8, 6, 4, 2]) + 1) < 1e-12)
        // numpy.corrcoef([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])[0, 1] = 0.8
        #expect(abs(HeadAnalysisReport.pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-12)
        #expect(HeadAnalysisReport.pearson([1, 1, 1], [1, 2, 3]).isNaN)
    }

    @Test func samplerFillsEveryBinDeterministically() {
        let sampler = ProposalSampler(perBin: 5)
        let gt = Box(x1: 40, y1: 30, x2: 140, y2: 90)
        let boxes = sampler.samples(around: gt, seed: 7)
        #expect(boxes == sampler.samples(around: gt, seed: 7))
        var counts = [Int](repeating: 0, count: 5)
        for b in boxes {
            let bin = sampler.bin(of: Double(iou(b, gt)))
            #expect(bin != nil)
            if let bin { counts[bin] += 1 }
        }
        #expect(counts == [5, 5, 5, 5, 5])
        #expect(sampler.samples(around: Box(x1: 5, y1: 5, x2: 5, y2: 9), seed: 1).isEmpty, "an empty box has no neighbours")
    }

    @Test func binsSummariseSamples() {
        let samples = [
            HeadAnalysisSample(proposalIoU: 0.55, fcScore: 0.2, convScore: 0.1, fcBoxIoU: 0.6, convBoxIoU: 0.7),
            HeadAnalysisSample(proposalIoU: 0.95, fcScore: 0.9, convScore: 0.5, fcBoxIoU: 0.9, convBoxIoU: 0.97),
            HeadAnalysisSample(proposalIoU: 1.0, fcScore: 1.0, convScore: 0.6, fcBoxIoU: 1.0, convBoxIoU: 0.99),
        ]
        let report = HeadAnalysisReport(samples: samples, edges: [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(report.bins.map(\.count) == [1, 0, 0, 0, 2])
        #expect(abs(report.bins[4].meanConvBoxIoU - 0.98) < 1e-12)
        #expect(report.pearsonConv != nil && report.pearsonFc > 0.9)
    }
}
