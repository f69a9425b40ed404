import Foundation
import Imaging

/// Finds and parses theme files (TOML; see Themes/dark.toml for every key).
public enum ThemeLoader {
    /// The folders searched for a theme given by name, in order: $DHSCOPE_THEMES, ./Themes,
    /// and Themes beside the executable's package (for `swift run`).
    public static func searchFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["DHSCOPE_THEMES"], !env.isEmpty { folders.append(env) }
        folders += ExecutableLocation.shippedCandidates("Themes")
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
        // Refused before reading: a theme is a few kilobytes, and the reader refuses more anyway.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > TOMLReader.maxBytes {
            throw ThemeError(file: path, line: nil, message: "the file is \(size) bytes; a theme is at most \(TOMLReader.maxBytes)")
        }
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
        do {
            table = try TOMLReader.read(text)
        } catch {
            throw ThemeError(file: file, position: error.position, message: error.problem.description)
        }
        var reader = ThemeReader(root: table, file: file)
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
