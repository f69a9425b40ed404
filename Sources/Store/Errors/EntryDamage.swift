/// Why a stored entry cannot be used (the store then analyses the image again).
public enum EntryDamage: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnEntry
    case unknownVersion(Int)
    case checksum(section: String)
    case truncated(String)
    case implausible(String)
    case compression(String)

    public var description: String {
        switch self {
        case .notAnEntry: return "not a dhscope store entry (bad magic)"
        case .unknownVersion(let v): return "entry format \(v) is not one this dhscope reads"
        case .checksum(let section): return "the \(section) fails its CRC-32 check"
        case .truncated(let what): return "cut short while reading \(what)"
        case .implausible(let what): return "implausible \(what)"
        case .compression(let why): return "compressed analysis cannot be inflated (\(why))"
        }
    }
}
