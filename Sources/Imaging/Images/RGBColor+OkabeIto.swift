/// Okabe and Ito's eight colours, told apart with the common colour-vision deficiencies:
/// what dhscope's charts and error mode draw with.
extension RGBColor {
    public static let okabeOrange = RGBColor(230, 159, 0)
    public static let okabeSkyBlue = RGBColor(86, 180, 233)
    public static let okabeBluishGreen = RGBColor(0, 158, 115)
    public static let okabeYellow = RGBColor(240, 228, 66)
    public static let okabeBlue = RGBColor(0, 114, 178)
    public static let okabeVermillion = RGBColor(213, 94, 0)
    public static let okabeReddishPurple = RGBColor(204, 121, 167)
    public static let okabeBlack = RGBColor(0, 0, 0)
}
