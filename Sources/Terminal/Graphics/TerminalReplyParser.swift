/// Splits what a terminal sent back into the answers to the graphics queries and everything
/// else (keys typed meanwhile, answers to other things), which is kept, in order, for the
/// application: a reply is taken out only when it is complete and of a form no key sends.
///
/// Bytes are fed as they arrive; an escape sequence cut by the end of the input so far is
/// held until the next feed (or handed back by ``finish()``).
public struct TerminalReplyParser: Sendable {
    public private(set) var replies: [TerminalReply] = []
    /// Bytes that were not answers, in the order they came.
    public private(set) var unrelated: [UInt8] = []
    private var pending: [UInt8] = []

    /// The longest reply believed; anything longer is not one (a terminal sending garbage).
    static let maximumLength = 512

    public init() {}

    /// Whether the primary device attributes answer (the batch's sentinel) has come.
    public var sawDeviceAttributes: Bool {
        replies.contains { if case .deviceAttributes = $0 { true } else { false } }
    }

    /// Whether the kitty graphics query's answer has come.
    public var sawKittyAnswer: Bool {
        replies.contains { if case .kittyGraphics = $0 { true } else { false } }
    }

    public mutating func feed(_ bytes: [UInt8]) {
        pending += bytes
        var i = 0
        while i < pending.count {
            guard pending[i] == 0x1B else {
                unrelated.append(pending[i])
                i += 1
                continue
            }
            switch Self.scan(pending, from: i) {
            case .incomplete:
                pending.removeFirst(i)
                return
            case .reply(let reply, let end):
                replies.append(reply)
                i = end
            case .other(let end):
                unrelated += pending[i..<end]
                i = end
            }
        }
        pending.removeAll()
    }

    /// Hands back a sequence still cut off as unrelated bytes (the budget ran out).
    public mutating func finish() {
        unrelated += pending
        pending.removeAll()
    }

    enum Scan { case incomplete, reply(TerminalReply, end: Int), other(end: Int) }

    /// What starts at `start` (an ESC).
    static func scan(_ b: [UInt8], from start: Int) -> Scan {
        guard start + 1 < b.count else { return .incomplete }
        switch b[start + 1] {
        case UInt8(ascii: "["): return scanCSI(b, from: start)
        case UInt8(ascii: "_"), UInt8(ascii: "P"): return scanString(b, from: start)
        default: return .other(end: start + 1)
        }
    }

    /// CSI: parameters and intermediates, then a final byte in 0x40...0x7E.
    static func scanCSI(_ b: [UInt8], from start: Int) -> Scan {
        var i = start + 2
        while i < b.count {
            let c = b[i]
            if (0x40...0x7E).contains(c) {
                let body = Array(b[(start + 2)..<i])
                if let reply = csiReply(body, final: c) { return .reply(reply, end: i + 1) }
                return .other(end: i + 1)
            }
            // A byte no CSI holds: the ESC began no sequence.
            guard (0x20...0x3F).contains(c), i - start < maximumLength else { return .other(end: start + 1) }
            i += 1
        }
        return .incomplete
    }

    static func csiReply(_ body: [UInt8], final: UInt8) -> TerminalReply? {
        let text = String(decoding: body, as: UTF8.self)
        switch final {
        case UInt8(ascii: "c"):
            guard text.hasPrefix("?"), let numbers = integers(text.dropFirst()) else { return nil }
            return .deviceAttributes(numbers)
        case UInt8(ascii: "S"):
            guard text.hasPrefix("?"), let numbers = integers(text.dropFirst()), numbers.count >= 2 else { return nil }
            return .graphicsAttribute(item: numbers[0], status: numbers[1], values: Array(numbers.dropFirst(2)))
        case UInt8(ascii: "t"):
            guard let numbers = integers(Substring(text)), numbers.count == 3, numbers[0] == 6 else { return nil }
            return .cellSize(width: numbers[2], height: numbers[1])
        default:
            return nil
        }
    }

    /// APC and DCS strings, ended by ST (ESC \) or BEL.
    static func scanString(_ b: [UInt8], from start: Int) -> Scan {
        var i = start + 2
        while i < b.count {
            if b[i] == 0x07 || (b[i] == 0x1B && i + 1 < b.count && b[i + 1] == UInt8(ascii: "\\")) {
                let end = b[i] == 0x07 ? i + 1 : i + 2
                let body = String(decoding: b[(start + 2)..<i], as: UTF8.self)
                let reply = b[start + 1] == UInt8(ascii: "_") ? apcReply(body) : dcsReply(body)
                return reply.map { .reply($0, end: end) } ?? .other(end: end)
            }
            if b[i] == 0x1B && i + 1 >= b.count { return .incomplete }
            // Another ESC inside, or too long: not a string we asked for.
            if b[i] == 0x1B || i - start > maximumLength { return .other(end: start + 1) }
            i += 1
        }
        return .incomplete
    }

    static func apcReply(_ body: String) -> TerminalReply? {
        guard body.hasPrefix("G"), let semicolon = body.firstIndex(of: ";") else { return nil }
        let keys = body[body.index(after: body.startIndex)..<semicolon]
        var id: Int?
        for pair in keys.split(separator: ",") where pair.hasPrefix("i=") { id = Int(pair.dropFirst(2)) }
        return .kittyGraphics(id: id, message: String(body[body.index(after: semicolon)...]))
    }

    static func dcsReply(_ body: String) -> TerminalReply? {
        guard body.hasPrefix(">|") else { return nil }
        return .version(String(body.dropFirst(2)))
    }

    /// `1;2;3` as numbers (an empty parameter is 0); nil when anything else is there.
    static func integers(_ text: Substring) -> [Int]? {
        var out: [Int] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            if part.isEmpty { out.append(0); continue }
            guard part.count <= 9, let n = Int(part), n >= 0 else { return nil }
            out.append(n)
        }
        return out
    }
}
