import Foundation
import Imaging
import TOMLKit

/// Why a theme could not be loaded; names the file and, where known, the line.
public struct ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let message: String

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Finds and parses theme files (TOML; see Themes/dark.toml for every key).
public enum ThemeLoader {
    /// The folders searched for a theme given by name, in order: $DHSCOPE_THEMES, ./Themes,
    /// and Themes beside the executable's package (for `swift run`).
    public static func searchFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["DHSCOPE_THEMES"], !env.isEmpty { folders.append(env) }
        folders.append(FileManager.default.currentDirectoryPath + "/Themes")
        folders += ExecutableLocation.candidates("Themes")
        return folders
    }

    /// The names of the themes found in the search folders.
    public static func availableNames() -> [String] {
        var names = Set<String>()
        for folder in searchFolders() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a theme by name ("dark", "light", ...) or by path (anything with a slash or ".toml").
    public static func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try load(path: nameOrPath)
        }
        for folder in searchFolders() {
            let path = folder + "/" + nameOrPath + ".toml"
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        if nameOrPath == Theme.dark.name { return .dark }
        let known = availableNames()
        throw ThemeError(file: nameOrPath, line: nil,
                         message: "no such theme; known themes: \(known.isEmpty ? "dark" : known.joined(separator: ", ")), or give a path to a .toml file")
    }

    /// Loads the theme file at `path`.
    public static func load(path: String) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, line: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Parses theme TOML. Keys left out keep the dark theme's values.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        let cleaned = try TOMLPrescreen.clean(text, file: file)
        do {
            table = try TOMLTable(string: cleaned)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: error.source.begin.line, message: error.description)
        } catch {
            throw ThemeError(file: file, line: nil, message: "\(error)")
        }
        var reader = ThemeReader(table: table, text: text, file: file)
        var theme = Theme.dark
        theme.name = try reader.string("name", in: nil) ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        try reader.color("background", in: "image", into: &theme.background)
        try reader.color("foreground", in: "image", into: &theme.foreground)
        try reader.color("selected", in: "boxes", into: &theme.selected)
        try reader.color("proposal", in: "boxes", into: &theme.proposal)
        try reader.color("regression_roi", in: "boxes", into: &theme.regressionRoI)
        try reader.color("ground_truth", in: "boxes", into: &theme.groundTruth)
        try reader.color("label_dark_text", in: "boxes", into: &theme.labelDarkText)
        try reader.color("label_light_text", in: "boxes", into: &theme.labelLightText)
        if let palette = try reader.colorList("palette", in: "classes") { theme.classPalette = palette }
        theme.classNames = try reader.colorMap("names", in: "classes")
        try reader.color("text", in: "ui", into: &theme.text)
        try reader.color("muted", in: "ui", into: &theme.muted)
        try reader.color("accent", in: "ui", into: &theme.accent)
        try reader.color("status_background", in: "ui", into: &theme.statusBackground)
        try reader.color("status_text", in: "ui", into: &theme.statusText)
        try reader.color("highlight_background", in: "ui", into: &theme.highlightBackground)
        try reader.color("warning", in: "ui", into: &theme.warning)
        try reader.color("error", in: "ui", into: &theme.error)
        try reader.rejectUnknownKeys()
        return theme
    }
}

/// Typed access to a theme table that reports the offending line.
struct ThemeReader {
    let table: TOMLTable
    let text: String
    let file: String
    private var used: Set<String> = []

    init(table: TOMLTable, text: String, file: String) {
        self.table = table
        self.text = text
        self.file = file
    }

    /// The 1-based line where `key` is assigned (inside `[section]` when given).
    func line(of key: String, in section: String?) -> Int? {
        var current: String?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            let name = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
            if current == section && name == key { return i + 1 }
            if let section, current == nil, name == section + "." + key { return i + 1 }
        }
        return section.flatMap { s in line(ofSection: s) }
    }

    private func line(ofSection section: String) -> Int? {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where raw.trimmingCharacters(in: .whitespaces) == "[\(section)]" {
            return i + 1
        }
        return nil
    }

    func fail(_ key: String, in section: String?, _ message: String) -> ThemeError {
        let qualified = section.map { "\($0).\(key)" } ?? key
        return ThemeError(file: file, line: line(of: key, in: section), message: "\(qualified): \(message)")
    }

    private func value(_ key: String, in section: String?) throws(ThemeError) -> TOMLValueConvertible? {
        guard let section else { return table[key] }
        guard let sectionValue = table[section] else { return nil }
        guard let sub = sectionValue.table else {
            throw ThemeError(file: file, line: line(of: section, in: nil), message: "\(section) must be a table ([\(section)])")
        }
        return sub[key]
    }

    mutating func string(_ key: String, in section: String?) throws(ThemeError) -> String? {
        used.insert(section.map { "\($0).\(key)" } ?? key)
        guard let v = try value(key, in: section) else { return nil }
        guard let s = v.string else { throw fail(key, in: section, "expected a string") }
        return s
    }

    mutating func color(_ key: String, in section: String?, into target: inout RGBColor) throws(ThemeError) {
        guard let s = try string(key, in: section) else { return }
        guard let c = RGBColor(hex: s) else {
            throw fail(key, in: section, "\"\(s)\" is not a colour; write it as \"#rrggbb\"")
        }
        target = c
    }

    mutating func colorList(_ key: String, in section: String) throws(ThemeError) -> [RGBColor]? {
        used.insert("\(section).\(key)")
        guard let v = try value(key, in: section) else { return nil }
        guard let array = v.array else { throw fail(key, in: section, "expected a list of \"#rrggbb\" colours") }
        var out: [RGBColor] = []
        for item in array {
            guard let s = item.string, let c = RGBColor(hex: s) else {
                throw fail(key, in: section, "every entry must be a \"#rrggbb\" colour")
            }
            out.append(c)
        }
        if out.isEmpty { throw fail(key, in: section, "the list is empty") }
        return out
    }

    mutating func colorMap(_ key: String, in section: String) throws(ThemeError) -> [String: RGBColor] {
        used.insert("\(section).\(key)")
        guard let v = try value(key, in: section) else { return [:] }
        guard let sub = v.table else { throw fail(key, in: section, "expected a table of class = \"#rrggbb\"") }
        var out: [String: RGBColor] = [:]
        for (name, item) in sub {
            guard let s = item.string, let c = RGBColor(hex: s) else {
                throw fail(name, in: "\(section).\(key)", "expected a \"#rrggbb\" colour")
            }
            out[name] = c
        }
        return out
    }

    /// A misspelt key would otherwise be ignored silently.
    func rejectUnknownKeys() throws(ThemeError) {
        for (key, value) in table {
            if let sub = value.table {
                for (inner, _) in sub where !used.contains("\(key).\(inner)") {
                    throw fail(inner, in: key, "unknown key (known: \(known(in: key)))")
                }
            } else if !used.contains(key) {
                throw fail(key, in: nil, "unknown key")
            }
        }
    }

    private func known(in section: String) -> String {
        used.filter { $0.hasPrefix(section + ".") }.map { String($0.dropFirst(section.count + 1)) }.sorted().joined(separator: ", ")
    }
}
