import Evaluation
import Testing

@Suite struct ClassMappingTests {
    @Test func namesMatchExactlyThenNormalised() {
        let mapping = ClassMapping(datasetNames: ["person", "Traffic_Light", "unicorn"],
                                   modelNames: ["person", "bicycle", "traffic light"])
        #expect(mapping.modelIndex(of: "person") == 0)
        #expect(mapping.modelIndex(of: "Traffic_Light") == 2)
        #expect(mapping.unmappedDatasetNames == ["unicorn"])
        #expect(mapping.unmappedModelNames == ["bicycle"])
        #expect(mapping.report.contains("Dataset classes the model lacks (1): unicorn"))
        #expect(mapping.report.contains("Model classes the dataset lacks (1): bicycle"))
    }
}
