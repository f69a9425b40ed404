/// TIDE's error analysis (dbolya/tide, `TIDE.evaluate` + `get_main_errors`) for boxes,
/// reproduced from the code of the released package, tidecv 1.0.1, and tested against it.
///
/// Per image (in the ground truth's order): detections stable-sorted by score and cut to
/// `maxDetections` across classes; crowd annotations become ignore regions. Each detection
/// in turn takes the free same-class ground truth of highest IoU if that IoU is >= 0.5.
/// An unmatched detection whose crowd-IoU (intersection over its own area) with a same-class
/// crowd region is > 0.5 is ignored: it is left out of the AP data, but (as in tidecv 1.0.1)
/// still classified and counted below, and may claim a ground truth for the Loc/Cls oracles.
/// Every unmatched or ignored detection is classified by the first rule that holds:
/// 1. no ground truth in the image: Bkg;
/// 2. best same-class IoU (taken or not) in [0.1, 0.5]: Loc (TIDE's test is inclusive at both ends);
/// 3. best other-class IoU >= 0.5: Cls;
/// 4. best IoU with an already taken same-class ground truth >= 0.5: Dupe;
/// 5. best IoU with any ground truth <= 0.1: Bkg;
/// 6. otherwise Both.
/// A ground truth left unmatched is Miss unless some Loc or Cls error claimed it while free.
///
/// The oracle for each type (applied alone, the others left as they are), as TIDE applies it:
/// - Cls: among the Cls errors claiming the same free ground truth, the highest-scoring one
///   becomes a true positive of the ground truth's class; the others are removed.
/// - Loc: likewise, the highest-scoring claimant becomes a true positive of its own class;
///   the others (and those whose ground truth was already taken) are removed.
/// - Both, Dupe, Bkg: the false positives are removed.
/// - Miss: the missed ground truth is removed from the count of positives.
/// AP is TIDE's: per class, precision without epsilon made non-increasing, read at recall
/// i/100 (numpy `searchsorted` left), averaged over 101 points, times 100; the mean is over
/// classes with any ground truth or detection. dAP = max(fixed AP - base AP, 0).
public enum TIDEAnalysis {
    /// Runs the analysis on `detections` against `groundTruth` (dataset category ids).
    public static func analyze(
        groundTruth: COCODataset, detections: [COCODetection],
        positiveThreshold: Double = 0.5, backgroundThreshold: Double = 0.1, maxDetections: Int = 100
    ) -> TIDEReport {
        let data = TIDEData(groundTruth: groundTruth, detections: detections)
        var run = TIDERun(positive: positiveThreshold, background: backgroundThreshold, maxDetections: maxDetections,
                          data: data, recordsLabels: false)
        run.evaluate()
        return run.report(order: data.scoreOrder())
    }
}
