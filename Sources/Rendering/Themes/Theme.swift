import Imaging

/// Colours for everything dhscope draws: boxes by role and class, labels, and the TUI chrome.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// Composited behind transparent images; also the assumed terminal background without colour.
    public var background: RGBColor
    /// The assumed terminal foreground without colour.
    public var foreground: RGBColor

    // Boxes by role.
    public var selected: RGBColor
    public var proposal: RGBColor
    public var regressionRoI: RGBColor
    public var groundTruth: RGBColor
    public var labelDarkText: RGBColor
    public var labelLightText: RGBColor

    /// Class colours, used in turn by class index unless a class is named in `classNames`.
    public var classPalette: [RGBColor]
    public var classNames: [String: RGBColor]

    // TUI chrome.
    public var text: RGBColor
    public var muted: RGBColor
    public var accent: RGBColor
    public var statusBackground: RGBColor
    public var statusText: RGBColor
    public var highlightBackground: RGBColor
    public var warning: RGBColor
    public var error: RGBColor

    /// The colour of class `index` (0-based), by its name when the theme names it.
    public func color(forClass index: Int, name: String? = nil) -> RGBColor {
        if let name, let named = classNames[name] { return named }
        guard !classPalette.isEmpty else { return selected }
        return classPalette[((index % classPalette.count) + classPalette.count) % classPalette.count]
    }

    /// Text colour readable on `background` (by relative luminance).
    public func labelText(on background: RGBColor) -> RGBColor {
        let l = 0.2126 * Double(background.r) + 0.7152 * Double(background.g) + 0.0722 * Double(background.b)
        return l > 140 ? labelDarkText : labelLightText
    }

    /// The built-in default, identical to Themes/dark.toml (a test keeps them in step), so
    /// dhscope draws sensibly even when the Themes folder cannot be found.
    public static let dark = Theme(
        name: "dark", background: RGBColor(0, 0, 0), foreground: RGBColor(229, 229, 229),
        selected: RGBColor(255, 255, 255), proposal: RGBColor(176, 176, 176),
        regressionRoI: RGBColor(255, 176, 0), groundTruth: RGBColor(0, 230, 118),
        labelDarkText: RGBColor(0, 0, 0), labelLightText: RGBColor(255, 255, 255),
        classPalette: [
            RGBColor(0xE6, 0x19, 0x4B), RGBColor(0x3C, 0xB4, 0x4B), RGBColor(0xFF, 0xE1, 0x19),
            RGBColor(0x43, 0x63, 0xD8), RGBColor(0xF5, 0x82, 0x31), RGBColor(0x91, 0x1E, 0xB4),
            RGBColor(0x42, 0xD4, 0xF4), RGBColor(0xF0, 0x32, 0xE6), RGBColor(0xBF, 0xEF, 0x45),
            RGBColor(0xFA, 0xBE, 0xD4), RGBColor(0x46, 0x99, 0x90), RGBColor(0xDC, 0xBE, 0xFF),
        ],
        classNames: [:],
        text: RGBColor(208, 208, 208), muted: RGBColor(128, 128, 128), accent: RGBColor(95, 175, 255),
        statusBackground: RGBColor(48, 48, 48), statusText: RGBColor(224, 224, 224),
        highlightBackground: RGBColor(58, 58, 58), warning: RGBColor(255, 175, 0), error: RGBColor(255, 95, 95))
}
