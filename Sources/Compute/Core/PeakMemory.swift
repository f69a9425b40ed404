#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident set size, what `bench` reports beside its timings.
public enum PeakMemory {
    /// Megabytes (2^20 bytes) of the largest resident set the process has had, or nil when
    /// the system does not say.
    public static func residentMegabytes() -> Double? {
        var usage = rusage()
        #if canImport(Glibc)
        let status = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        // Linux reports kilobytes.
        let scale = 1024.0
        #else
        let status = getrusage(RUSAGE_SELF, &usage)
        // macOS reports bytes.
        let scale = 1.0
        #endif
        guard status == 0, usage.ru_maxrss > 0 else { return nil }
        return Double(usage.ru_maxrss) * scale / 1_048_576
    }
}
