import Foundation
import Imaging
import Testing

struct HostileInputTests {
    func reason(_ name: String, maxPixels: Int = ImageDecoder.defaultMaxPixels) -> ImageError.Reason? {
        do {
            _ = try ImageDecoder(maxPixels: maxPixels).decode(contentsOf: name.isEmpty ? FixtureFiles.folder : FixtureFiles.path(name))
            return nil
        } catch {
            let shown = name.isEmpty ? FixtureFiles.folder : name
            #expect(error.file.hasSuffix(shown), "the error names the file")
            #expect(error.description.contains(shown))
            return error.reason
        }
    }

    @Test func truncatedJPEGIsAnError() {
        guard case .corrupt = reason("truncated.jpg") else { Issue.record("truncated JPEG decoded"); return }
    }

    @Test func truncatedPNGIsAnError() {
        guard case .corrupt = reason("truncated.png") else { Issue.record("truncated PNG decoded"); return }
    }

    @Test func badChecksumIsAnError() {
        guard case .corrupt = reason("badcrc.png") else { Issue.record("PNG with a bad CRC decoded"); return }
    }

    @Test func garbageAfterJPEGMarkerIsAnError() {
        guard case .corrupt = reason("garbage.jpg") else { Issue.record("garbage decoded"); return }
    }

    @Test func emptyAndForeignFiles() {
        #expect(reason("empty.png") == .empty)
        #expect(reason("notanimage.jpg") == .unknownFormat)
        #expect(reason("does-not-exist.png") == .unreadable("no such file"))
        #expect(reason("") == .unreadable("it is a directory"))
    }

    @Test func decompressionBombIsRefusedBeforeAllocating() {
        // 100000 x 100000 claimed in the header: refused from the header alone.
        guard case .tooLarge(let why) = reason("bomb.png") else { Issue.record("bomb not refused"); return }
        #expect(why.contains("100000"))
    }

    @Test func pixelLimitIsExactAndConfigurable() {
        // rgb8.png is 13 x 9 = 117 pixels.
        #expect(reason("rgb8.png", maxPixels: 117) == nil)
        guard case .tooLarge = reason("rgb8.png", maxPixels: 116) else { Issue.record("limit not applied"); return }
        guard case .tooLarge = reason("baseline.jpg", maxPixels: 64 * 48 - 1) else { Issue.record("JPEG limit"); return }
    }

    @Test func everyPrefixOfAFileFailsCleanly() throws {
        // No prefix of a valid file may crash or exit the process.
        for name in ["rgb8_adam7.png", "progressive.jpg"] {
            let data = Data(FixtureFiles.bytes(name))
            for length in stride(from: 0, to: data.count - 1, by: max(1, data.count / 97)) {
                #expect(throws: ImageError.self) { try ImageDecoder().decode(data.prefix(length), name: name) }
            }
        }
    }
}
