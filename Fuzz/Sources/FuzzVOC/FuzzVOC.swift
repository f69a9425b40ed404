import Foundation
import Evaluation

/// One Pascal VOC XML annotation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVOC(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? VOCLoader.parse(data, path: "fuzz.xml")
    return 0
}
