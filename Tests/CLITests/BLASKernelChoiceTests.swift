import Foundation
import Testing

/// Which OpenBLAS kernels dhscope runs: SkylakeX on a CPU with the AVX-512 subsets OpenBLAS's
/// SkylakeX kernels use (read here from /proc/cpuinfo, independently of the loader's cpuid),
/// whatever OPENBLAS_CORETYPE the environment carries, and DHSCOPE_OPENBLAS_CORETYPE's choice
/// when it is set. openblas_get_corename reports what OpenBLAS itself picked.
struct BLASKernelChoiceTests {
    static func core(_ environment: [String: String]) throws -> String? {
        let result = try CLIRunner.run(["bench", "detect", "--model", DetectorCommandTests.model, "--iterations", "1",
                                        "--proposals", "10", "--json"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["blas_core"] as? String
    }

    static var cpuHasAVX512: Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let set = Set(flags.split(separator: " ").map(String.init))
        return ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(set.contains)
    }

    @Test func dhscopesOwnVariableChoosesTheKernels() throws {
        #expect(try Self.core(["DHSCOPE_OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_CORETYPE": "SkylakeX"])?.lowercased() == "haswell")
    }

    @Test func anInheritedCoreTypeDoesNotHoldBackAnAVX512CPU() throws {
        let core = try Self.core(["DHSCOPE_OPENBLAS_CORETYPE": "", "OPENBLAS_CORETYPE": "Haswell"])
        if Self.cpuHasAVX512 {
            #expect(core?.lowercased() == "skylakex")
        } else {
            // Without AVX-512 dhscope leaves the choice to OpenBLAS and the environment.
            #expect(core?.lowercased() == "haswell")
        }
    }
}
