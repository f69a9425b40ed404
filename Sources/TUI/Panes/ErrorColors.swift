import Evaluation
import Imaging

/// The colours of error mode, one per TIDE label: Okabe and Ito's palette, told apart with
/// the common colour-vision deficiencies; each box also carries its label as text.
public enum ErrorColors {
    public static func color(of kind: DetectionLabel.Kind) -> RGBColor {
        switch kind {
        case .tp: RGBColor(0x00, 0x9E, 0x73)
        case .cls: RGBColor(0xD5, 0x5E, 0x00)
        case .loc: RGBColor(0xE6, 0x9F, 0x00)
        case .both: RGBColor(0xCC, 0x79, 0xA7)
        case .dupe: RGBColor(0xF0, 0xE4, 0x42)
        case .bkg: RGBColor(0x00, 0x72, 0xB2)
        case .miss: RGBColor(0x56, 0xB4, 0xE9)
        }
    }
}
