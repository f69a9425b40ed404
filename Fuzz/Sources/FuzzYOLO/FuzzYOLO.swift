import Foundation
import Evaluation

/// One YOLO label file; the first two bytes choose the image size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYOLO(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard bytes.count >= 2 else { return 0 }
    let width = Int(bytes[0]) * 8, height = Int(bytes[1]) * 8
    let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
    _ = try? YOLOLoader.parse(text, path: "fuzz.txt", classNames: ["a", "b", "c"], width: width, height: height)
    return 0
}
