import Foundation
import Imaging
import TestSupport
import Testing

/// An output path is refused when it is a folder or one of the inputs, however it is named.
struct OutputPathTests {
    @Test func theInputUnderAnyNameIsRefused() throws {
        let folder = try TemporaryFolder("dhscope-output")
        let dir = folder.url
        let input = dir.appendingPathComponent("in.png").path
        try Data("image".utf8).write(to: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("soft.png").path, withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: dir.appendingPathComponent("hard.png").path)
        let names = [input, dir.path + "/./in.png", dir.path + "/sub/../in.png", dir.appendingPathComponent("soft.png").path,
                     dir.appendingPathComponent("hard.png").path]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in names {
            #expect(throws: OutputPathError.isInput(option: "--png", path: name, input: input)) {
                try OutputPath.check(name, option: "--png", inputs: ["other.json", input])
            }
        }
        // A link to the input given as the input is the same file too.
        #expect(throws: OutputPathError.self) {
            try OutputPath.check(input, option: "--png", inputs: [dir.appendingPathComponent("soft.png").path])
        }
    }

    @Test func otherFilesAndNewFilesAreAllowedAndFoldersNamed() throws {
        let folder = try TemporaryFolder("dhscope-output")
        let dir = folder.url
        let input = dir.appendingPathComponent("in.png").path
        let other = dir.appendingPathComponent("old.png").path
        try Data("image".utf8).write(to: URL(fileURLWithPath: input))
        try Data("image".utf8).write(to: URL(fileURLWithPath: other))
        try OutputPath.check(other, option: "--png", inputs: [input])
        try OutputPath.check(dir.appendingPathComponent("new.png").path, option: "--png", inputs: [input, "/no/such/input"])
        #expect(throws: OutputPathError.isFolder(option: "--snapshot", path: dir.path)) {
            try OutputPath.check(dir.path, option: "--snapshot", inputs: [input])
        }
        let message = OutputPathError.isFolder(option: "--snapshot", path: dir.path).description
        #expect(message.contains("--snapshot \(dir.path)") && message.contains("is a folder"))
    }
}
