import Foundation
import Imaging
import TestSupport
import Testing

struct HostileInputTests {
    /// Why decoding this target's fixture `name` fails (the fixtures folder itself for "").
    func reason(_ name: String, maxPixels: Int = ImageDecoder.defaultMaxPixels) -> ImageError.Reason? {
        reason(atPath: name.isEmpty ? fixtureFiles.folder : fixtureFiles.path(name), shown: name.isEmpty ? fixtureFiles.folder : name,
               maxPixels: maxPixels)
    }

    /// Why decoding the shared picture `relativePath` fails (``SharedFixtures``).
    func reason(shared relativePath: String, maxPixels: Int = ImageDecoder.defaultMaxPixels) -> ImageError.Reason? {
        reason(atPath: RepositoryFiles.path(relativePath), shown: relativePath, maxPixels: maxPixels)
    }

    /// Why decoding `path` fails, nil when it decodes; the error must name the file (`shown`).
    /// Decoding to RGB (straight from the JPEG decoder for JPEGs) must fail alike.
    func reason(atPath path: String, shown: String, maxPixels: Int) -> ImageError.Reason? {
        var rgbReason: ImageError.Reason?
        do {
            _ = try ImageDecoder(maxPixels: maxPixels).decodeRGB(contentsOf: path)
        } catch {
            rgbReason = error.reason
        }
        do {
            _ = try ImageDecoder(maxPixels: maxPixels).decode(contentsOf: path)
            #expect(rgbReason == nil, "\(shown): only the RGB decoding fails")
            return nil
        } catch {
            #expect(rgbReason == error.reason, "\(shown): the RGB decoding fails alike")
            #expect(error.file.hasSuffix(shown), "the error names the file")
            #expect(error.description.contains(shown))
            return error.reason
        }
    }

    @Test func truncatedJPEGIsAnError() {
        guard case .corrupt = reason(shared: SharedFixtures.truncatedImage) else { Issue.record("truncated JPEG decoded"); return }
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
        #expect(reason(shared: SharedFixtures.notAnImage) == .unknownFormat)
        #expect(reason("does-not-exist.png") == .unreadable("no such file"))
        #expect(reason("") == .unreadable("it is a directory"))
    }

    @Test func decompressionBombIsRefusedBeforeAllocating() {
        // 100000 x 100000 claimed in the header: refused from the header alone.
        guard case .tooLarge(let why) = reason(shared: SharedFixtures.decompressionBomb) else { Issue.record("bomb not refused"); return }
        #expect(why.contains("100000"))
    }

    @Test func pixelLimitIsExactAndConfigurable() {
        // rgb8.png is 13 x 9 = 117 pixels.
        #expect(reason("rgb8.png", maxPixels: 117) == nil)
        guard case .tooLarge = reason("rgb8.png", maxPixels: 116) else { Issue.record("limit not applied"); return }
        guard case .tooLarge = reason(shared: SharedFixtures.baselineImage, maxPixels: 64 * 48 - 1) else { Issue.record("JPEG limit"); return }
    }

    @Test func everyPrefixOfAFileFailsCleanly() throws {
        // No prefix of a valid file may crash or exit the process.
        for name in ["rgb8_adam7.png", "progressive.jpg"] {
            let data = Data(fixtureFiles.bytes(name))
            for length in stride(from: 0, to: data.count - 1, by: max(1, data.count / 97)) {
                #expect(throws: ImageError.self) { try ImageDecoder().decode(data.prefix(length), name: name) }
            }
        }
    }

    @Test func everyPrefixOfAJPEGFailsCleanlyInRGBToo() throws {
        let data = Data(fixtureFiles.bytes("progressive.jpg"))
        let folder = try temporaryDirectory()
        for length in stride(from: 0, to: data.count - 1, by: max(1, data.count / 97)) {
            let file = folder.appendingPathComponent("prefix\(length).jpg")
            try data.prefix(length).write(to: file)
            #expect(throws: ImageError.self) { try ImageDecoder().decodeRGB(contentsOf: file.path) }
        }
    }
}
