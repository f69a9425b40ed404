import Foundation

/// Bounds on the inputs the loaders accept, so that a wrong path (a video, a disk image)
/// fails fast with a clear message instead of exhausting memory. Each can be raised (or
/// lowered) for one run through the environment, read once at start.
public enum EvaluationLimits {
    /// Default largest annotation or results file: 2 GiB (COCO's train2017 instances file is 448 MB).
    public static let defaultMaxFileBytes = 2 << 30
    /// Default largest number of annotations, results, images or label lines in one file: 50 million.
    public static let defaultMaxAnnotations = 50_000_000

    /// Largest annotation or results file read; `DHSCOPE_MAX_ANNOTATION_BYTES` overrides it.
    public static let maxFileBytes = override("DHSCOPE_MAX_ANNOTATION_BYTES") ?? defaultMaxFileBytes
    /// Largest number of entries of one kind in one file; `DHSCOPE_MAX_ANNOTATIONS` overrides it.
    public static let maxAnnotations = override("DHSCOPE_MAX_ANNOTATIONS") ?? defaultMaxAnnotations

    private static func override(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }.map { max(0, $0) }
    }
}
