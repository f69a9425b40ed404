/// Why a checkpoint could not be opened or a tensor could not be read.
///
/// Every error names the file (and the tensor, when one is involved) and says what to do,
/// so the CLI can print `description` as is.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad category of the failure; tests and callers switch on this.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened, stat'ed or mapped.
        case unreadable
        /// The bytes match none of safetensors, PyTorch zip or PyTorch legacy.
        case unknownFormat
        /// The file ends before the structure it announces.
        case truncated
        /// A header, zip directory or pickle is malformed.
        case badHeader
        /// A pickle opcode the restricted machine does not implement.
        case unknownOpcode
        /// A pickle global that is not understood where a value is needed, or is forbidden outright.
        case unknownGlobal
        /// A zip entry that is compressed (PyTorch writes stored entries only).
        case compressedEntry
        /// A storage offset, stride or size that would read outside the storage or file.
        case outOfRange
        /// A dtype the loader does not know.
        case unsupportedDType
        /// A configured resource bound (``CheckpointLimits``) was exceeded.
        case limitExceeded
        /// The requested tensor is not in the checkpoint.
        case missingTensor
        /// The tensor's shape is not the one the caller needs.
        case shapeMismatch
        /// The file holds no state_dict of tensors.
        case noStateDict
    }

    /// The category of the failure.
    public let kind: Kind
    /// The checkpoint file's path.
    public let file: String
    /// The tensor involved, if any.
    public let tensor: String?
    /// A human-readable explanation, including what to do about it.
    public let detail: String

    /// Creates an error; `detail` should say what is wrong and what to do.
    public init(_ kind: Kind, file: String, tensor: String? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.detail = detail
    }

    public var description: String {
        if let tensor { return "\(file): tensor \"\(tensor)\": \(detail)" }
        return "\(file): \(detail)"
    }
}
