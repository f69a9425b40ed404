import Foundation
import Testing
@testable import Checkpoints

/// ``PickleOpcode`` against the pickle protocol: every byte value as CPython's `pickletools`
/// defines it (printable codes written as the characters pickletools shows).
@Suite struct PickleOpcodeTests {
    /// (opcode, pickletools name, code) for every opcode the machine implements.
    static let pickletools: [(PickleOpcode, String, UInt8)] = [
        (.proto, "PROTO", 0x80),
        (.frame, "FRAME", 0x95),
        (.stop, "STOP", UInt8(ascii: ".")),
        (.mark, "MARK", UInt8(ascii: "(")),
        (.pop, "POP", UInt8(ascii: "0")),
        (.popMark, "POP_MARK", UInt8(ascii: "1")),
        (.dup, "DUP", UInt8(ascii: "2")),
        (.noneValue, "NONE", UInt8(ascii: "N")),
        (.newTrue, "NEWTRUE", 0x88),
        (.newFalse, "NEWFALSE", 0x89),
        (.binInt, "BININT", UInt8(ascii: "J")),
        (.binInt1, "BININT1", UInt8(ascii: "K")),
        (.binInt2, "BININT2", UInt8(ascii: "M")),
        (.long1, "LONG1", 0x8A),
        (.long4, "LONG4", 0x8B),
        (.binFloat, "BINFLOAT", UInt8(ascii: "G")),
        (.binUnicode, "BINUNICODE", UInt8(ascii: "X")),
        (.shortBinUnicode, "SHORT_BINUNICODE", 0x8C),
        (.binUnicode8, "BINUNICODE8", 0x8D),
        (.binString, "BINSTRING", UInt8(ascii: "T")),
        (.shortBinString, "SHORT_BINSTRING", UInt8(ascii: "U")),
        (.binBytes, "BINBYTES", UInt8(ascii: "B")),
        (.shortBinBytes, "SHORT_BINBYTES", UInt8(ascii: "C")),
        (.binBytes8, "BINBYTES8", 0x8E),
        (.byteArray8, "BYTEARRAY8", 0x96),
        (.emptyTuple, "EMPTY_TUPLE", UInt8(ascii: ")")),
        (.tuple, "TUPLE", UInt8(ascii: "t")),
        (.tuple1, "TUPLE1", 0x85),
        (.tuple2, "TUPLE2", 0x86),
        (.tuple3, "TUPLE3", 0x87),
        (.emptyList, "EMPTY_LIST", UInt8(ascii: "]")),
        (.list, "LIST", UInt8(ascii: "l")),
        (.append, "APPEND", UInt8(ascii: "a")),
        (.appends, "APPENDS", UInt8(ascii: "e")),
        (.emptyDict, "EMPTY_DICT", UInt8(ascii: "}")),
        (.dict, "DICT", UInt8(ascii: "d")),
        (.setItem, "SETITEM", UInt8(ascii: "s")),
        (.setItems, "SETITEMS", UInt8(ascii: "u")),
        (.emptySet, "EMPTY_SET", 0x8F),
        (.addItems, "ADDITEMS", 0x90),
        (.frozenSet, "FROZENSET", 0x91),
        (.global, "GLOBAL", UInt8(ascii: "c")),
        (.stackGlobal, "STACK_GLOBAL", 0x93),
        (.reduce, "REDUCE", UInt8(ascii: "R")),
        (.newObj, "NEWOBJ", 0x81),
        (.newObjEx, "NEWOBJ_EX", 0x92),
        (.build, "BUILD", UInt8(ascii: "b")),
        (.binPersID, "BINPERSID", UInt8(ascii: "Q")),
        (.binPut, "BINPUT", UInt8(ascii: "q")),
        (.longBinPut, "LONG_BINPUT", UInt8(ascii: "r")),
        (.memoize, "MEMOIZE", 0x94),
        (.binGet, "BINGET", UInt8(ascii: "h")),
        (.longBinGet, "LONG_BINGET", UInt8(ascii: "j")),
    ]

    /// Opcodes torch.save never writes: the text forms, INST/OBJ (which call their class),
    /// PERSID, the extension registry and out-of-band buffers.
    static let refused: [(String, UInt8)] = [
        ("INT", UInt8(ascii: "I")), ("LONG", UInt8(ascii: "L")), ("FLOAT", UInt8(ascii: "F")),
        ("STRING", UInt8(ascii: "S")), ("UNICODE", UInt8(ascii: "V")), ("PERSID", UInt8(ascii: "P")),
        ("GET", UInt8(ascii: "g")), ("PUT", UInt8(ascii: "p")), ("INST", UInt8(ascii: "i")),
        ("OBJ", UInt8(ascii: "o")), ("EXT1", 0x82), ("EXT2", 0x83), ("EXT4", 0x84),
        ("NEXT_BUFFER", 0x97), ("READONLY_BUFFER", 0x98),
    ]

    @Test func everyOpcodeHasItsPickletoolsByte() {
        for (opcode, name, code) in Self.pickletools {
            #expect(opcode.rawValue == code, "\(name) is 0x\(String(code, radix: 16))")
            #expect(PickleOpcode(rawValue: code) == opcode, "\(name)")
        }
    }

    @Test func theTableCoversEveryOpcodeOnce() {
        let listed = Self.pickletools.map(\.0)
        #expect(Set(listed) == Set(PickleOpcode.allCases))
        #expect(listed.count == PickleOpcode.allCases.count)
        #expect(Set(Self.pickletools.map(\.2)).count == listed.count)
    }

    @Test func opcodesTorchNeverWritesHaveNoCase() {
        for (name, code) in Self.refused {
            #expect(PickleOpcode(rawValue: code) == nil, "\(name) (0x\(String(code, radix: 16)))")
        }
    }
}
