import Compute
import Testing

private struct LinearCase: Decodable {
    var name: String
    var input: StoredTensor
    var weight: StoredTensor
    var bias: [Float]?
    var relu: Bool
    var output: StoredTensor
}

@Suite struct LinearTests {
    @Test func matchesPyTorch() throws {
        for c in try loadFixture("linear.json", as: [LinearCase].self) {
            let y = linear(input: c.input.tensor, weight: c.weight.tensor, bias: c.bias, relu: c.relu)
            #expect(y.shape == c.output.shape, "\(c.name)")
            expectClose(y.storage, c.output.values, c.name)
        }
    }

    @Test func handComputed() {
        let x = Tensor(shape: [2, 3], storage: [1, 2, 3, -1, 0, 1])
        let w = Tensor(shape: [2, 3], storage: [1, 0, 0, 1, 1, 1])
        #expect(linear(input: x, weight: w, bias: [0.5, -1]).storage == [1.5, 5, -0.5, -1])
        #expect(linear(input: x, weight: w, bias: [0.5, -1], relu: true).storage == [1.5, 5, 0, 0])
    }
}
