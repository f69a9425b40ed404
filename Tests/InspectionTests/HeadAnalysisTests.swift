import Compute
import Foundation
import Testing
@testable import Evaluation
@testable import Inspection

struct HeadAnalysisTests {
    @Test func pearsonOfKnownSeries() {
        #expect(abs((HeadAnalysisReport.pearson([1, 2, 3, 4], [2, 4, 6, 8]) ?? 0) - 1) < 1e-12)
        #expect(abs((HeadAnalysisReport.pearson([1, 2, 3, 4], [8, 6, 4, 2]) ?? 0) + 1) < 1e-12)
        // numpy.corrcoef([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])[0, 1] = 0.8
        #expect(abs((HeadAnalysisReport.pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) ?? 0) - 0.8) < 1e-12)
        // Undefined (numpy gives nan): no variance, or fewer than two pairs.
        #expect(HeadAnalysisReport.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(HeadAnalysisReport.pearson([1], [1]) == nil)
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
        let samples = HeadSamples(proposalIoUs: [0.55, 0.95, 1.0], columns: [
            HeadColumn(model: "a", head: "fc", scores: [0.2, 0.9, 1.0], boxIoUs: [0.6, 0.9, 1.0]),
            HeadColumn(model: "a", head: "conv", scores: [0.1, 0.5, 0.6], boxIoUs: [0.7, 0.97, 0.99]),
        ])
        let report = HeadAnalysisReport(samples: samples, edges: [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(report.bins.map(\.count) == [1, 0, 0, 0, 2])
        #expect(abs((report.bins[4].meanConvBoxIoU ?? 0) - 0.98) < 1e-12)
        #expect(report.pearsonConv != nil && (report.pearsonFc ?? 0) > 0.9)
        // The same numbers per head.
        #expect(report.heads.map(\.head) == ["fc", "conv"])
        #expect(report.heads[1].bins[4].meanBoxIoU == report.bins[4].meanConvBoxIoU)
        #expect(report.heads[0].pearson == report.pearsonFc && report.heads[1].pearson == report.pearsonConv)
        #expect(report.heads[0].bins[1].meanScore == nil, "an empty bin")
    }
}

/// The report's JSON: snake_case names, every field present, null for undefined numbers.
struct HeadAnalysisReportJSONTests {
    func json(_ report: HeadAnalysisReport) throws -> [String: Any] {
        let data = try JSONEncoder().encode(report)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func undefinedNumbersAreNullAndNoFieldIsLeftOut() throws {
        // One sample: no correlation; four of five bins empty; no conv scores or fc boxes.
        let one = HeadSamples(proposalIoUs: [0.95], columns: [
            HeadColumn(model: "a", head: "fc", scores: [0.9], boxIoUs: nil),
            HeadColumn(model: "a", head: "conv", scores: nil, boxIoUs: [0.97]),
        ])
        let object = try json(HeadAnalysisReport(samples: one, edges: [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]))
        #expect(Set(object.keys) == ["samples", "pearson_fc", "pearson_conv", "bins", "heads"])
        let heads = object["heads"] as? [[String: Any]] ?? []
        #expect(heads.count == 2 && heads.allSatisfy { Set($0.keys) == ["model", "head", "pearson", "bins"] })
        #expect(heads.allSatisfy { $0["pearson"] is NSNull }, "one sample has no correlation")
        let convBins = heads.last?["bins"] as? [[String: Any]] ?? []
        #expect(convBins.count == 5 && convBins.allSatisfy { Set($0.keys) == ["mean_box_iou", "mean_score"] && $0["mean_score"] is NSNull })
        #expect(convBins[4]["mean_box_iou"] as? Double == 0.97)
        #expect(object["pearson_fc"] is NSNull && object["pearson_conv"] is NSNull)
        let bins = object["bins"] as? [[String: Any]] ?? []
        let keys: Set<String> = ["low", "high", "count", "mean_proposal_iou", "mean_fc_box_iou", "mean_conv_box_iou",
                                 "mean_fc_score", "mean_conv_score"]
        #expect(bins.count == 5 && bins.allSatisfy { Set($0.keys) == keys })
        for bin in bins.prefix(4) {
            #expect(keys.filter { $0.hasPrefix("mean_") }.allSatisfy { bin[$0] is NSNull }, "\(bin)")
        }
        #expect(bins[4]["mean_conv_box_iou"] as? Double == 0.97 && bins[4]["mean_fc_box_iou"] is NSNull)
        // Nothing at all: still the same fields.
        let empty = try json(HeadAnalysisReport(samples: HeadSamples(), edges: [0.5, 1.0]))
        #expect(Set(empty.keys) == ["samples", "pearson_fc", "pearson_conv", "bins", "heads"])
    }
}
