import Checkpoints

/// Checkpoints from memory: the format sniffer, the safetensors header, the zip reader and
/// the restricted pickle machine (zip and legacy), then every tensor's statistics, which
/// reads the data through the validated shapes, strides and offsets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var limits = CheckpointLimits.default
    limits.maxTensorElements = 1 << 22
    guard let checkpoint = try? Checkpoint.open(bytes: bytes, name: "fuzz.pth", limits: limits) else { return 0 }
    for name in checkpoint.names.prefix(64) {
        _ = try? checkpoint.statistics(name)
    }
    return 0
}
