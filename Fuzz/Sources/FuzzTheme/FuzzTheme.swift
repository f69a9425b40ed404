import Rendering

/// Theme files (TOML through Rendering's TOMLReader, then dhscope's keys and colours).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? ThemeLoader.parse(text, file: "fuzz.toml")
    return 0
}
