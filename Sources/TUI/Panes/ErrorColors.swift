import Evaluation
import Imaging

/// The colours of error mode, one per TIDE label: Okabe and Ito's palette, told apart with
/// the common colour-vision deficiencies; each box also carries its label as text.
public enum ErrorColors {
    public static func color(of kind: DetectionLabel.Kind) -> RGBColor {
        switch kind {
        case .tp: .okabeBluishGreen
        case .cls: .okabeVermillion
        case .loc: .okabeOrange
        case .both: .okabeReddishPurple
        case .dupe: .okabeYellow
        case .bkg: .okabeBlue
        case .miss: .okabeSkyBlue
        }
    }
}
