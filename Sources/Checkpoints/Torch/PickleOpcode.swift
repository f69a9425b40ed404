/// The pickle opcodes ``PickleMachine`` implements: the binary forms torch.save emits
/// (protocols 2 to 5), named as in CPython's `pickletools` and valued as its byte codes.
///
/// The text-protocol opcodes (INT, FLOAT, STRING, PUT, GET, ...), INST, OBJ, PERSID, the
/// extension registry (EXT1/2/4) and out-of-band buffers have no case: torch.save never
/// writes them, so a pickle that uses one is refused as an unknown opcode.
enum PickleOpcode: UInt8, CaseIterable, Sendable {
    // MARK: Framing

    /// PROTO: the protocol version follows in one byte.
    case proto = 0x80
    /// FRAME: an 8-byte frame length follows (protocol 4+).
    case frame = 0x95
    /// STOP: the value on top of the stack is the pickle's result.
    case stop = 0x2E

    // MARK: Stack

    /// MARK: remembers the stack height; TUPLE, LIST, DICT and friends take what lies above it.
    case mark = 0x28
    /// POP: discards the top of the stack.
    case pop = 0x30
    /// POP_MARK: discards everything above the topmost mark, and the mark.
    case popMark = 0x31
    /// DUP: pushes the top of the stack again.
    case dup = 0x32

    // MARK: Constants and numbers

    /// NONE: pushes Python's `None` (not named `none`, which `Optional` would shadow).
    case noneValue = 0x4E
    /// NEWTRUE: pushes `True`.
    case newTrue = 0x88
    /// NEWFALSE: pushes `False`.
    case newFalse = 0x89
    /// BININT: a signed 4-byte little-endian integer.
    case binInt = 0x4A
    /// BININT1: an unsigned 1-byte integer.
    case binInt1 = 0x4B
    /// BININT2: an unsigned 2-byte little-endian integer.
    case binInt2 = 0x4D
    /// LONG1: a two's-complement integer of as many bytes as the 1-byte length says.
    case long1 = 0x8A
    /// LONG4: a two's-complement integer of as many bytes as the signed 4-byte length says.
    case long4 = 0x8B
    /// BINFLOAT: a big-endian IEEE float64.
    case binFloat = 0x47

    // MARK: Text and bytes

    /// BINUNICODE: UTF-8 text with a 4-byte length.
    case binUnicode = 0x58
    /// SHORT_BINUNICODE: UTF-8 text with a 1-byte length.
    case shortBinUnicode = 0x8C
    /// BINUNICODE8: UTF-8 text with an 8-byte length.
    case binUnicode8 = 0x8D
    /// BINSTRING: a Python 2 `str` with a signed 4-byte length.
    case binString = 0x54
    /// SHORT_BINSTRING: a Python 2 `str` with a 1-byte length.
    case shortBinString = 0x55
    /// BINBYTES: `bytes` with a 4-byte length.
    case binBytes = 0x42
    /// SHORT_BINBYTES: `bytes` with a 1-byte length.
    case shortBinBytes = 0x43
    /// BINBYTES8: `bytes` with an 8-byte length.
    case binBytes8 = 0x8E
    /// BYTEARRAY8: a `bytearray` with an 8-byte length.
    case byteArray8 = 0x96

    // MARK: Tuples

    /// EMPTY_TUPLE: pushes `()`.
    case emptyTuple = 0x29
    /// TUPLE: a tuple of everything above the topmost mark.
    case tuple = 0x74
    /// TUPLE1: a tuple of the top value.
    case tuple1 = 0x85
    /// TUPLE2: a tuple of the top two values.
    case tuple2 = 0x86
    /// TUPLE3: a tuple of the top three values.
    case tuple3 = 0x87

    // MARK: Lists, dicts and sets

    /// EMPTY_LIST: pushes `[]`.
    case emptyList = 0x5D
    /// LIST: a list of everything above the topmost mark.
    case list = 0x6C
    /// APPEND: appends the top value to the list below it.
    case append = 0x61
    /// APPENDS: appends everything above the topmost mark to the list below the mark.
    case appends = 0x65
    /// EMPTY_DICT: pushes `{}`.
    case emptyDict = 0x7D
    /// DICT: a dict of the key, value pairs above the topmost mark.
    case dict = 0x64
    /// SETITEM: stores the top key, value pair in the dict below them.
    case setItem = 0x73
    /// SETITEMS: stores the key, value pairs above the topmost mark in the dict below it.
    case setItems = 0x75
    /// EMPTY_SET: pushes an empty `set`.
    case emptySet = 0x8F
    /// ADDITEMS: adds everything above the topmost mark to the set below it.
    case addItems = 0x90
    /// FROZENSET: a `frozenset` of everything above the topmost mark.
    case frozenSet = 0x91

    // MARK: Objects

    /// GLOBAL: a `module.name` reference given as two newline-terminated lines.
    case global = 0x63
    /// STACK_GLOBAL: a `module.name` reference from the two strings on top of the stack.
    case stackGlobal = 0x93
    /// REDUCE: calls the callable below the top with the argument tuple on top.
    case reduce = 0x52
    /// NEWOBJ: `cls.__new__(cls, *args)` from the class and argument tuple on top.
    case newObj = 0x81
    /// NEWOBJ_EX: like NEWOBJ, with a keyword-argument dict on top.
    case newObjEx = 0x92
    /// BUILD: sets an object's state from the value on top of it.
    case build = 0x62
    /// BINPERSID: resolves the persistent id on top of the stack (torch: a storage).
    case binPersID = 0x51

    // MARK: Memo

    /// BINPUT: stores the top of the stack under a 1-byte memo key.
    case binPut = 0x71
    /// LONG_BINPUT: stores the top of the stack under a 4-byte memo key.
    case longBinPut = 0x72
    /// MEMOIZE: stores the top of the stack under the next memo key (the memo's size).
    case memoize = 0x94
    /// BINGET: pushes the memo entry with a 1-byte key.
    case binGet = 0x68
    /// LONG_BINGET: pushes the memo entry with a 4-byte key.
    case longBinGet = 0x6A
}
