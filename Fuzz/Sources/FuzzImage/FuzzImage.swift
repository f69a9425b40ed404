import Foundation
import Imaging

/// JPEG and PNG decoding through the C shim (libjpeg, libpng, EXIF), with a pixel limit
/// small enough that decompression bombs are refused from the header.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? ImageDecoder(maxPixels: 4_000_000).decode(data, name: "fuzz")
    return 0
}
