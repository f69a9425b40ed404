/// The container format of a checkpoint, sniffed from its bytes.
public enum CheckpointFormat: String, Sendable, Codable {
    /// Hugging Face safetensors.
    case safetensors
    /// PyTorch's zip format (torch.save since 1.6).
    case torchZip = "pytorch-zip"
    /// PyTorch's legacy pickle stream (`_use_new_zipfile_serialization=False`).
    case torchLegacy = "pytorch-legacy"
}
