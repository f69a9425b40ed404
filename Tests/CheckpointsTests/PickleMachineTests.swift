import Foundation
import Testing
@testable import Checkpoints

/// The restricted pickle machine, opcode by opcode: small hand-written pickles and the value
/// Python's `pickle.loads` gives for them, written much like Python's repr.
@Suite struct PickleMachineTests {
    struct Case: CustomStringConvertible, Sendable {
        let description: String
        let body: [UInt8]
        /// The result as Python prints it; what the machine keeps only a summary of (bytes, wide
        /// integers, storages, opaque objects) in angle brackets.
        let repr: String
    }

    static let cases: [Case] = [
        Case(description: "NONE", body: op(.noneValue), repr: "None"),
        Case(description: "NEWTRUE, NEWFALSE", body: op(.newTrue) + op(.newFalse) + op(.tuple2), repr: "(True, False)"),
        Case(description: "BININT is signed", body: op(.binInt, 0xFE, 0xFF, 0xFF, 0xFF), repr: "-2"),
        Case(description: "BININT1", body: op(.binInt1, 0xFF), repr: "255"),
        Case(description: "BININT2 is unsigned little-endian", body: op(.binInt2, 0x02, 0x81), repr: "33026"),
        Case(description: "LONG1 of no bytes", body: op(.long1, 0), repr: "0"),
        Case(description: "LONG1 sign-extends", body: op(.long1, 2, 0x00, 0x80), repr: "-32768"),
        Case(description: "LONG4", body: op(.long4, 3, 0, 0, 0, 0x01, 0x00, 0x01), repr: "65537"),
        Case(description: "LONG4 wider than Int64", body: op(.long4, 9, 0, 0, 0) + [UInt8](repeating: 0x11, count: 9),
             repr: "<9-byte int>"),
        Case(description: "BINFLOAT is big-endian", body: op(.binFloat, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0), repr: "1.5"),
        Case(description: "BINUNICODE", body: op(.binUnicode, 2, 0, 0, 0) + Array("ab".utf8), repr: "'ab'"),
        Case(description: "SHORT_BINUNICODE is UTF-8", body: shortText("héllo"), repr: "'héllo'"),
        Case(description: "BINUNICODE8", body: op(.binUnicode8, 1, 0, 0, 0, 0, 0, 0, 0) + Array("x".utf8), repr: "'x'"),
        Case(description: "BINSTRING", body: op(.binString, 2, 0, 0, 0) + Array("py".utf8), repr: "'py'"),
        Case(description: "SHORT_BINSTRING", body: op(.shortBinString, 2) + Array("py".utf8), repr: "'py'"),
        Case(description: "BINBYTES", body: op(.binBytes, 3, 0, 0, 0, 1, 2, 3), repr: "<3 bytes>"),
        Case(description: "SHORT_BINBYTES", body: op(.shortBinBytes, 2, 1, 2), repr: "<2 bytes>"),
        Case(description: "BINBYTES8", body: op(.binBytes8, 1, 0, 0, 0, 0, 0, 0, 0, 9), repr: "<1 bytes>"),
        Case(description: "BYTEARRAY8", body: op(.byteArray8, 0, 0, 0, 0, 0, 0, 0, 0), repr: "<0 bytes>"),
        Case(description: "EMPTY_TUPLE", body: op(.emptyTuple), repr: "()"),
        Case(description: "TUPLE1", body: int(1) + op(.tuple1), repr: "(1,)"),
        Case(description: "TUPLE2 keeps order", body: int(1) + int(2) + op(.tuple2), repr: "(1, 2)"),
        Case(description: "TUPLE3 keeps order", body: int(1) + int(2) + int(3) + op(.tuple3), repr: "(1, 2, 3)"),
        Case(description: "MARK ... TUPLE", body: op(.mark) + int(1) + int(2) + int(3) + int(4) + op(.tuple),
             repr: "(1, 2, 3, 4)"),
        Case(description: "APPEND, APPENDS",
             body: op(.emptyList) + int(1) + op(.append) + op(.mark) + int(2) + int(3) + op(.appends),
             repr: "[1, 2, 3]"),
        Case(description: "MARK ... LIST", body: op(.mark) + int(1) + int(2) + op(.list), repr: "[1, 2]"),
        Case(description: "SETITEM, SETITEMS",
             body: op(.emptyDict) + shortText("a") + int(1) + op(.setItem)
                 + op(.mark) + shortText("b") + int(2) + shortText("c") + int(3) + op(.setItems),
             repr: "{'a': 1, 'b': 2, 'c': 3}"),
        Case(description: "a repeated key keeps its place", body: op(.mark) + shortText("k") + int(1) + shortText("j") + int(2)
                 + shortText("k") + int(3) + op(.dict),
             repr: "{'k': 3, 'j': 2}"),
        Case(description: "EMPTY_SET, ADDITEMS", body: op(.emptySet) + op(.mark) + int(1) + int(2) + op(.addItems),
             repr: "{1, 2}"),
        Case(description: "FROZENSET", body: op(.mark) + int(7) + op(.frozenSet), repr: "{7}"),
        Case(description: "DUP", body: int(1) + op(.dup) + op(.tuple2), repr: "(1, 1)"),
        Case(description: "POP", body: int(1) + int(2) + op(.pop), repr: "1"),
        Case(description: "POP_MARK", body: int(9) + op(.mark) + int(1) + int(2) + op(.popMark), repr: "9"),
        Case(description: "BINPUT, BINGET", body: int(7) + op(.binPut, 3) + op(.pop) + op(.binGet, 3), repr: "7"),
        Case(description: "LONG_BINPUT, LONG_BINGET",
             body: int(7) + op(.longBinPut, 0, 1, 0, 0) + op(.pop) + op(.longBinGet, 0, 1, 0, 0), repr: "7"),
        Case(description: "MEMOIZE takes the next key",
             body: int(5) + op(.memoize) + int(6) + op(.memoize) + op(.pop) + op(.pop) + op(.binGet, 1), repr: "6"),
        Case(description: "memoized lists see later appends",
             body: op(.emptyList) + op(.binPut, 0) + op(.binGet, 0) + int(1) + op(.append) + op(.pop) + op(.binGet, 0),
             repr: "[1]"),
        Case(description: "GLOBAL OrderedDict, REDUCE",
             body: global("collections", "OrderedDict") + op(.emptyTuple) + op(.reduce), repr: "{}"),
        Case(description: "STACK_GLOBAL torch.Size, REDUCE",
             body: shortText("torch") + shortText("Size") + op(.stackGlobal)
                 + op(.mark) + int(2) + int(3) + op(.tuple) + op(.tuple1) + op(.reduce),
             repr: "(2, 3)"),
        Case(description: "NEWOBJ of builtins.set", body: global("builtins", "set") + op(.emptyTuple) + op(.newObj),
             repr: "set()"),
        Case(description: "NEWOBJ_EX of an unknown class, BUILD",
             body: global("mymodule", "Thing") + op(.emptyTuple) + op(.emptyDict) + op(.newObjEx) + op(.emptyDict) + op(.build),
             repr: "<mymodule.Thing>"),
        Case(description: "BINPERSID names a storage",
             body: op(.mark) + shortText("storage") + global("torch", "HalfStorage") + shortText("0") + shortText("cpu")
                 + int(6) + op(.tuple) + op(.binPersID),
             repr: "<storage 0: F16 x 6>"),
        Case(description: "FRAME is skipped", body: op(.frame, 2, 0, 0, 0, 0, 0, 0, 0) + int(4), repr: "4"),
    ]

    @Test(arguments: cases)
    func opcodeGivesPythonsValue(c: Case) throws {
        #expect(try Self.run(Self.pickle(c.body)) == c.repr)
    }

    @Test func runReturnsTheOffsetAfterSTOPAndRunsTheNextPickleFromThere() throws {
        let first = Self.pickle(int(1)), second = Self.pickle(int(2))
        let results = try (first + second).withUnsafeBytes { raw in
            var machine = PickleMachine(bytes: raw, file: "test.pkl", limits: .default)
            defer { machine.releaseContainers() }
            let a = try machine.run(from: 0), b = try machine.run(from: a.end)
            return [a.value.int, b.value.int, a.end, b.end]
        }
        #expect(results == [1, 2, first.count, first.count + second.count])
    }

    @Test func anUnknownOpcodeNamesItsByteAndOffset() {
        // INST at byte 2: the protocol header comes first.
        let error = #expect(throws: CheckpointError.self) { try Self.run([0x80, 0x02, 0x69]) }
        #expect(error?.kind == .unknownOpcode)
        #expect(error?.detail.hasPrefix("unsupported pickle opcode 0x69 at byte 2;") == true, "\(String(describing: error))")
        let later = #expect(throws: CheckpointError.self) { try Self.run(Array(Self.pickle(int(1)).dropLast()) + [0x97]) }
        #expect(later?.detail.hasPrefix("unsupported pickle opcode 0x97 at byte 4;") == true, "\(String(describing: later))")
    }

    @Test func malformedPicklesNameTheProblemAndByte() {
        func detail(_ bytes: [UInt8]) -> String? {
            (#expect(throws: CheckpointError.self) { try Self.run(bytes) })?.detail
        }
        #expect(detail([0x80, 0x06, 0x2E]) == "malformed pickle at byte 2: unsupported pickle protocol 6")
        #expect(detail(Self.pickle(op(.append))) == "malformed pickle at byte 3: stack underflow")
        #expect(detail(Self.pickle(int(1) + int(2) + op(.append))) == "malformed pickle at byte 7: APPEND to a non-list")
        #expect(detail(Self.pickle(op(.mark) + op(.pop) + op(.popMark))) == "malformed pickle at byte 5: no MARK")
        #expect(detail(Self.pickle(op(.long4, 0xFF, 0xFF, 0xFF, 0xFF))) == "malformed pickle at byte 7: negative LONG4 length")
        #expect(detail(Self.pickle(op(.mark) + int(1) + op(.dict))) == "malformed pickle at byte 6: odd number of dict items")
    }

    @Test func forbiddenGlobalsAndLimitsAreRefused() {
        func kind(_ bytes: [UInt8], limits: CheckpointLimits = .default) -> CheckpointError.Kind? {
            (#expect(throws: CheckpointError.self) { try Self.run(bytes, limits: limits) })?.kind
        }
        #expect(kind(Self.pickle(global("os", "system"))) == .unknownGlobal)
        #expect(kind(Self.pickle(global("builtins", "eval"))) == .unknownGlobal)
        #expect(kind([0x80, 0x02, 0x4B]) == .truncated)
        var small = CheckpointLimits()
        small.maxPickleBytes = 4
        #expect(kind(Self.pickle(int(1) + int(2) + op(.tuple2)), limits: small) == .limitExceeded)
        var shallow = CheckpointLimits()
        shallow.maxStackDepth = 2
        #expect(kind(Self.pickle(int(1) + int(2) + int(3) + op(.tuple3)), limits: shallow) == .limitExceeded)
    }

    // MARK: - Helpers

    /// PROTO 2, `body`, STOP.
    static func pickle(_ body: [UInt8]) -> [UInt8] {
        op(.proto, 2) + body + op(.stop)
    }

    /// Runs one pickle and renders its value while its containers are alive.
    static func run(_ bytes: [UInt8], limits: CheckpointLimits = .default) throws -> String {
        try bytes.withUnsafeBytes { raw in
            var machine = PickleMachine(bytes: raw, file: "test.pkl", limits: limits)
            defer { machine.releaseContainers() }
            return repr(try machine.run(from: 0).value)
        }
    }

    /// Python's repr of the value (containers' contents included).
    static func repr(_ value: PickleValue) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .bigInt(let bytes): return "<\(bytes.count)-byte int>"
        case .float(let d): return String(d)
        case .string(let s): return "'\(s)'"
        case .bytes(let count): return "<\(count) bytes>"
        case .tuple(let items): return items.count == 1 ? "(\(repr(items[0])),)" : "(\(items.map(repr).joined(separator: ", ")))"
        case .list(let list): return "[\(list.items.map(repr).joined(separator: ", "))]"
        case .dict(let d): return "{\(d.entries.map { "\(repr($0.key)): \(repr($0.value))" }.joined(separator: ", "))}"
        case .set(let s): return s.items.isEmpty ? "set()" : "{\(s.items.map(repr).joined(separator: ", "))}"
        case .global(let module, let name): return "<global \(module).\(name)>"
        case .storage(let s): return "<storage \(s.key): \(s.dtype.rawValue) x \(s.elementCount)>"
        case .tensor(let t): return "<tensor \(t.shape)>"
        case .opaque(let name): return "<\(name)>"
        }
    }
}

/// An opcode and its operand bytes.
private func op(_ opcode: PickleOpcode, _ operands: UInt8...) -> [UInt8] {
    [opcode.rawValue] + operands
}

/// BININT1 `value`.
private func int(_ value: UInt8) -> [UInt8] {
    op(.binInt1, value)
}

/// SHORT_BINUNICODE `text`.
private func shortText(_ text: String) -> [UInt8] {
    op(.shortBinUnicode, UInt8(text.utf8.count)) + Array(text.utf8)
}

/// GLOBAL `module`.`name`.
private func global(_ module: String, _ name: String) -> [UInt8] {
    op(.global) + Array("\(module)\n\(name)\n".utf8)
}
