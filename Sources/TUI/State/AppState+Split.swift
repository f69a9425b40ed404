import Compute
import Detector
import Inspection

/// The split view (`M`): the current model beside another on the same image, their
/// detections matched by class name and IoU, and the other model's heads on this one's
/// proposals.
extension AppState {
    /// Whether the image pane shows two models: asked for, a partner to show, and room.
    public var isSplit: Bool {
        splitModels && partner != nil && Layout(columns: terminalSize.columns, rows: terminalSize.rows).fitsSplit
    }

    /// Whether this model is drawn in the left half (A): the halves keep model order.
    public var currentIsLeft: Bool { partner.map { modelIndex < $0.index } ?? true }

    /// `M`: splits the image pane between this model and another, or shows this one alone.
    mutating func toggleSplit() -> Effect? {
        guard modelCount > 1 else {
            message = "one model: browse --model A --model B to see two side by side"
            return nil
        }
        splitModels.toggle()
        guard splitModels else {
            partner = nil
            refresh()
            return nil
        }
        // The split compares models; a second variant of this one would compete for the marks.
        compareVariant = nil
        if !Layout(columns: terminalSize.columns, rows: terminalSize.rows).fitsSplit {
            message = "split needs \(Layout.minimumSplitColumns) columns (\(terminalSize.columns) now): one model shown"
        }
        refresh()
        return .showPartner
    }

    /// Sets the model shown beside this one (the browser's; nil ends the split's data).
    public mutating func setPartner(_ partner: PartnerModel?) {
        self.partner = partner
        refresh()
    }

    /// A detector event for the partner's analysis of the current image.
    public mutating func applyPartner(_ event: DetectorService.Event) {
        partner?.apply(event)
        refresh()
    }

    /// What the browser should ask of the partner's detector for the inspector: its heads on
    /// these proposals (this model's, of the current image); nil when nothing is due. Marks
    /// the partner's heads as not possible, with why, when the models do not see a box alike.
    public mutating func partnerHeadsRequest() -> [Box]? {
        guard isSplit, let partner, case .notAsked = partner.heads, let analysis else { return nil }
        if case .failed = partner.status {
            self.partner?.heads = .unavailable("\(partner.name) could not analyse this image")
            return nil
        }
        guard partner.analysis != nil else { return nil }
        if analysis.proposals.isEmpty {
            self.partner?.heads = .unavailable("\(modelName) has no proposals on this image")
            return nil
        }
        if let reason = partner.incompatibility(with: analysis, currentName: modelName) {
            self.partner?.heads = .unavailable(reason)
            return nil
        }
        self.partner?.heads = .running
        return analysis.proposals
    }

    /// The partner's heads on this model's proposals arrived (or failed, or were superseded).
    public mutating func applyPartnerHeads(_ event: DetectorService.Event) {
        guard let partner, case .running = partner.heads else { return }
        switch event {
        case .finished(let given, _):
            do {
                let outcome = try VariantOutcome(analysis: given, variant: partner.variant, settings: partner.settings)
                self.partner?.heads = .ready(given, outcome)
            } catch {
                self.partner?.heads = .unavailable("\(error)")
            }
        case .failed(let error):
            self.partner?.heads = .unavailable("\(partner.name)'s heads failed on these proposals: \(error)")
        case .cancelled:
            // Superseded by the partner's next image: asked again when due.
            self.partner?.heads = .notAsked
        case .progress:
            break
        }
    }

    /// How the models differ on `detection` (one of this model's).
    public func modelDifference(of detection: Detection) -> VariantDifference? {
        modelDifferences.first { (currentIsLeft ? $0.a : $0.b) == detection }
    }

    /// The detection of this model the list's cursor is on.
    public var selectedDetection: Detection? {
        guard let n = selectedRow?.detection, detections.indices.contains(n), listMode == .detections else { return nil }
        return detections[n]
    }

    /// The partner's detection matched with the selected one, in the split view.
    public var linkedDetection: Detection? {
        guard isSplit, let selected = selectedDetection, let difference = modelDifference(of: selected) else { return nil }
        return currentIsLeft ? difference.b : difference.a
    }

    /// The partner's record of this model's RoI `roi` (its heads on the proposal), for class
    /// `name` when it has a class of that name, else its best class.
    public func partnerRecord(roi: Int, className name: String) -> RoIRecord? {
        guard let partner, case .ready(let given, let outcome) = partner.heads else { return nil }
        return RoIRecord(analysis: given, outcome: outcome, roi: roi, label: partner.classNames.firstIndex(of: name),
                         classNames: partner.classNames, regressionRoIScale: partner.regressionRoIScale)
    }
}
