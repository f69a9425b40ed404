/// The error types of TIDE (Bolya et al., dbolya/tide), in TIDE's order.
public enum TIDEErrorType: String, CaseIterable, Sendable, Codable {
    /// Classification: IoU >= 0.5 with a ground truth of another class.
    case cls
    /// Localisation: the right class, best IoU in [0.1, 0.5].
    case loc
    /// Both (TIDE's "Other"): wrong class and poorly localised, none of the others.
    case both
    /// Duplicate: IoU >= 0.5 with a same-class ground truth another detection already took.
    case dupe
    /// Background: IoU <= 0.1 with every ground truth.
    case bkg
    /// Missed: a ground truth no detection matched and no Cls or Loc fix would claim.
    case miss

    /// TIDE's short name ("Cls", "Loc", "Both", "Dupe", "Bkg", "Miss").
    public var shortName: String {
        switch self {
        case .cls: "Cls"
        case .loc: "Loc"
        case .both: "Both"
        case .dupe: "Dupe"
        case .bkg: "Bkg"
        case .miss: "Miss"
        }
    }
}
