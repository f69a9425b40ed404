import Detector
import Imaging

/// The colour of each head variant in the dataset pane's curves and legends: Okabe and Ito's
/// palette (fc and conv as the head analysis chart draws them), told apart with the common
/// colour-vision deficiencies.
public enum VariantColors {
    /// The colour `variant` is drawn in.
    public static func color(of variant: HeadVariant) -> RGBColor {
        switch variant {
        case .fc: .okabeSkyBlue
        case .conv: .okabeVermillion
        case .dh: .okabeBluishGreen
        case .dhReverse: .okabeReddishPurple
        case .dhExt: .okabeOrange
        case .fc2: .okabeBlue
        }
    }
}
