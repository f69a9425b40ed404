import Compute
import Testing

@Suite struct GemmPeakTests {
    @Test func thePeakCountsTheProductsFlopsAndLeavesOpenBLASSingleThreaded() throws {
        try Gemm.requireLibrary()
        #expect(Gemm.openBLASThreadCount == 1)
        let peak = GemmPeak.measure(size: 160, repeats: 1)
        #expect(peak.flops == 2 * 160 * 160 * 160)
        #expect(peak.seconds > 0 && peak.gflops.isFinite && peak.gflops > 0)
        // OpenBLAS's own threads, used for the measurement, must not outlive it: dhscope's
        // blocks assume single-threaded OpenBLAS.
        #expect(Gemm.openBLASThreadCount == 1)
    }
}
