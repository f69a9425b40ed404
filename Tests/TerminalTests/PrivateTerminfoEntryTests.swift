import Foundation
import Rendering
import TestSupport
import Testing
@testable import Terminal

/// The private entry is compiled with tic and read back by ncurses' own tput: the colour it
/// selects is checked byte for byte, and the rest of the entry is TERM's.
struct PrivateTerminfoEntryTests {
    func temporaryFolder() throws -> String { try temporaryDirectory("dhscope-terminfo").path }

    /// Runs tput with TERMINFO pointing at `folder`; returns its output.
    func tput(_ folder: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["TERMINFO=\(folder)", "tput"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: ["xterm-256color", "tmux-256color", "screen", "linux"])
    func directColourEntrySelectsRGB(_ base: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = TerminalEnvironment(["DHSCOPE_TERMINFO_CACHE": folder])
        let entry = try PrivateTerminfoEntry.prepare(base: base, mode: .truecolor, environment: environment)
        #expect(entry.name == "dhscope-direct-\(base)" && entry.directory == folder)
        #expect(try tput(folder, ["-T", entry.name, "colors"]).trimmingCharacters(in: .whitespacesAndNewlines) == "16777216")
        // 0x123456 is red 18, green 52, blue 86.
        #expect(try tput(folder, ["-T", entry.name, "setaf", "\(0x123456)"]) == "\u{1B}[38;2;18;52;86m")
        #expect(try tput(folder, ["-T", entry.name, "setab", "\(0xFF8000)"]) == "\u{1B}[48;2;255;128;0m")
        // Everything else is the base entry's.
        #expect(try tput(folder, ["-T", entry.name, "cup", "4", "7"]) == (try tput(folder, ["-T", base, "cup", "4", "7"])))
        // A second run reuses the compiled entry.
        let again = try PrivateTerminfoEntry.prepare(base: base, mode: .truecolor, environment: environment)
        #expect(again == entry)
    }

    @Test func indexedEntryGivesAnEightColourTerminal256() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = TerminalEnvironment(["DHSCOPE_TERMINFO_CACHE": folder])
        let entry = try PrivateTerminfoEntry.prepare(base: "screen", mode: .ansi256, environment: environment)
        #expect(try tput(folder, ["-T", entry.name, "colors"]).trimmingCharacters(in: .whitespacesAndNewlines) == "256")
        #expect(try tput(folder, ["-T", entry.name, "setaf", "196"]) == "\u{1B}[38;5;196m")
        #expect(try tput(folder, ["-T", entry.name, "setaf", "9"]) == "\u{1B}[91m")
    }

    @Test func unusableBasesAndFoldersAreNamed() throws {
        #expect(PrivateTerminfoEntry.name(base: "bad|name", mode: .truecolor) == nil)
        #expect(throws: PrivateTerminfoEntry.Failure.self) {
            try PrivateTerminfoEntry.prepare(base: "a,b", mode: .truecolor, environment: TerminalEnvironment([:]))
        }
        // A cache folder that cannot be made: the error names it.
        let blocker = try temporaryFolder() + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        do {
            _ = try PrivateTerminfoEntry.prepare(base: "xterm", mode: .truecolor,
                                                 environment: TerminalEnvironment(["DHSCOPE_TERMINFO_CACHE": blocker + "/sub"]))
            Issue.record("a folder under a file was accepted")
        } catch {
            #expect(error.description.contains(blocker))
        }
    }
}
