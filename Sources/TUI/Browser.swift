import Detector
import Dispatch
import Foundation
import Imaging
import Inspection
import Rendering
import Store

/// The interactive browser: owns the state, a terminal backend and the detector service.
/// Runs on the main thread; the detector and image decoding run on background queues and
/// post their results to an inbox the loop drains, so keys always answer at once.
public final class Browser {
    /// How frames are drawn.
    public struct Appearance: Sendable {
        public var theme: Theme
        public var symbols: SymbolSet
        /// The characters frames are reduced to (see ``TerminalProfile/repertoire``).
        public var repertoire: GlyphRepertoire

        public init(theme: Theme = .dark, symbols: SymbolSet = .sextant, repertoire: GlyphRepertoire = .unicode) {
            self.theme = theme
            self.symbols = symbols
            self.repertoire = repertoire
        }
    }

    public private(set) var state: AppState
    public let backend: TerminalBackend
    /// The detector service of the model shown.
    public private(set) var service: DetectorService
    public let appearance: Appearance
    private let inbox = EventInbox()
    private let deliveryQueue = DispatchQueue(label: "dhscope.tui.delivery")
    private let decodeQueue = DispatchQueue(label: "dhscope.tui.decode", qos: .userInitiated)
    private var generation = 0
    private var needsDraw = true
    private var tick = 0
    private var lastTick = Date()
    /// The last frame composed (exported by `e`).
    public private(set) var lastFrame: CellGrid?
    /// The detections of image `i` of the list when they are known without running the
    /// network (a store on disk); nil, the default, runs the network. Called on a background
    /// queue. Set before ``run()``.
    public var knownDetections: @Sendable (Int) -> DatasetAnalysisLoop.Detections? = { _ in nil }
    /// Called on a background queue with the detections of each image the network analysed
    /// in the background (for a store to keep them). Set before ``run()``.
    public var didAnalyse: @Sendable (Int, DatasetAnalysisLoop.Detections) -> Void = { _, _ in }
    /// With ground truth: the analysis of every image in the background, started once the
    /// first image is shown.
    private var datasetLoop: DatasetAnalysisLoop?
    private var reviewSchedule = ReviewSchedule()
    private let reviewQueue = DispatchQueue(label: "dhscope.tui.review", qos: .utility)
    /// Every model browsed, when more than one (``addModel(state:service:knownDetections:didAnalyse:)``);
    /// the entry of the one shown is stale while it is shown.
    private var models: [BrowserModel] = []
    /// Which of `models` is shown.
    private var modelIndex = 0

    public init(state: AppState, backend: TerminalBackend, service: DetectorService, appearance: Appearance = Appearance()) {
        self.state = state
        self.backend = backend
        self.service = service
        self.appearance = appearance
    }

    private var chrome: Chrome { Chrome(theme: appearance.theme, mode: backend.colorMode) }

    /// Runs until the user quits, then restores the terminal.
    public func run() {
        defer { backend.shutdown() }
        loadCurrentImage()
        while true {
            if let signal = TerminalGuard.pending {
                backend.shutdown()
                TerminalGuard.reraise(signal)
            }
            pump()
            if needsDraw { drawFrame() }
            guard let event = backend.readEvent(timeoutMilliseconds: 30) else { continue }
            if !handle(event) { return }
            // Take all keys already typed before drawing again.
            while let more = backend.readEvent(timeoutMilliseconds: 0) {
                if !handle(more) { return }
            }
        }
    }

    /// Applies one input event; false when the browser should quit.
    @discardableResult
    public func handle(_ event: InputEvent) -> Bool {
        needsDraw = true
        switch event {
        case .resize:
            return true
        case .click(let column, let row):
            return apply(.click(column: column, row: row))
        case .key(let key):
            #if DEBUG
            Self.crashIfAsked(key)
            #endif
            guard let action = KeyMap.action(for: key) else { return true }
            return apply(action)
        }
    }

    #if DEBUG
    /// Debug builds only: with DHSCOPE_DEBUG_CRASH_KEY=1 in the environment, "!" traps, so
    /// the tests can check that a fatal signal inside the browser still restores the terminal.
    private static func crashIfAsked(_ key: Key) {
        if key == .character("!"), ProcessInfo.processInfo.environment["DHSCOPE_DEBUG_CRASH_KEY"] == "1" {
            fatalError("deliberate crash (DHSCOPE_DEBUG_CRASH_KEY)")
        }
    }
    #endif

    private func apply(_ action: Action) -> Bool {
        let size = backend.size
        state.terminalSize = size
        switch state.perform(action) {
        case .quit?: return false
        case .loadImage?: loadCurrentImage()
        case .switchModel?: switchModel()
        case .showPartner?: showPartner()
        case .export?: exportView()
        case nil: break
        }
        return true
    }

    /// Handles what background work delivered, and advances the spinner.
    public func pump() {
        for message in inbox.drain() {
            switch message {
            case .detector(let g, let event):
                guard g == generation else { continue }
                state.apply(event)
                needsDraw = true
                switch event {
                case .finished, .failed: startDatasetAnalysis()
                default: break
                }
                if case .finished = event {
                    // A jump to the next error may move on to the next image.
                    if state.continueErrorJump() == .loadImage {
                        loadCurrentImage()
                        continue
                    }
                    prefetchNext()
                }
            case .partner(let g, let event):
                guard g == generation else { continue }
                state.applyPartner(event)
                needsDraw = true
            case .partnerHeads(let g, let event):
                guard g == generation else { continue }
                state.applyPartnerHeads(event)
                needsDraw = true
            case .picture(let g, let picture):
                guard g == generation else { continue }
                state.setPicture(picture)
                needsDraw = true
            case .dataset(let model, let result):
                if model == modelIndex {
                    datasetLoop?.receive(result)
                } else if models.indices.contains(model) {
                    models[model].datasetLoop?.receive(result)
                }
            case .review(let model, let review, let detections, let seconds):
                if model == modelIndex {
                    reviewSchedule.finished(duration: seconds)
                    state.setDatasetReview(review, detections: detections)
                    needsDraw = true
                } else if models.indices.contains(model) {
                    models[model].reviewSchedule.finished(duration: seconds)
                    models[model].state.setDatasetReview(review, detections: detections)
                }
            }
        }
        updateDataset()
        askPartnerHeads()
        let busy: Bool
        switch state.detectorStatus {
        case .waiting, .running: busy = true
        default: busy = false
        }
        if busy, Date().timeIntervalSince(lastTick) > 0.1 {
            tick += 1
            lastTick = Date()
            needsDraw = true
        }
    }

    /// Composes the frame for the backend's size and shows it.
    public func drawFrame() {
        let size = backend.size
        state.terminalSize = size
        let composed = Screen.compose(state, columns: size.columns, rows: size.rows, chrome: chrome,
                                      symbols: appearance.symbols, tick: tick)
        let frame = composed.restricted(to: appearance.repertoire)
        backend.draw(frame)
        backend.showPicture(panePicture(columns: size.columns, rows: size.rows))
        lastFrame = frame
        needsDraw = false
    }

    /// The image pane's picture in real pixels for this frame; nil with blocks, when
    /// another pane or the help covers the image pane, or before the picture is decoded.
    func panePicture(columns: Int, rows: Int) -> PanePicture? {
        let layout = Layout(columns: columns, rows: rows)
        guard state.pixelCell != nil, !layout.isTooSmall, state.datasetPane == nil, !state.showHelp,
              case .ready(let image) = state.picture, let path = state.imagePath,
              let placement = ImagePane.placement(state: state, in: layout.image), let size = placement.pixels else { return nil }
        return PanePicture(identity: "\(generation) \(path)", image: image, viewport: placement.viewport, cells: placement.cells,
                           size: size, boxes: ImagePane.overlays(state, theme: appearance.theme), theme: appearance.theme)
    }

    /// Asks for the current image's pixels and analysis (stale requests are superseded).
    public func loadCurrentImage() {
        generation += 1
        needsDraw = true
        guard let path = state.imagePath else { return }
        let g = generation
        let inbox = self.inbox
        let background = appearance.theme.background
        decodeQueue.async {
            let status: PictureStatus
            do {
                status = .ready(try ImageDecoder().decodeRGB(contentsOf: path, background: background))
            } catch {
                status = .failed("\(error)")
            }
            inbox.post(.picture(generation: g, status))
        }
        service.analyze(imageAt: path, priority: .interactive, deliveryQueue: deliveryQueue) { event in
            inbox.post(.detector(generation: g, event))
        }
        loadPartnerImage()
    }

    /// Waits (for tests and benchmarks) until the current image is decoded and analysed.
    public func waitUntilLoaded(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump()
            if case .done = state.detectorStatus, case .ready = state.picture { return true }
            if case .failed = state.detectorStatus, case .failed = state.picture { return true }
            usleep(2000)
        }
        return false
    }

    private func prefetchNext() {
        guard state.imagePaths.count > 1 else { return }
        let next = state.imagePaths[(state.imageIndex + 1) % state.imagePaths.count]
        service.analyze(imageAt: next, priority: .prefetch, deliveryQueue: deliveryQueue) { _ in }
        if let partner = partnerIndex, state.splitModels {
            models[partner].service.analyze(imageAt: next, priority: .prefetch, deliveryQueue: deliveryQueue) { _ in }
        }
    }

    // MARK: the split view

    /// The model shown beside the current one in the split view: the one before it, so that
    /// after `m` the model just left stays in view.
    private var partnerIndex: Int? {
        models.count > 1 ? (modelIndex + models.count - 1) % models.count : nil
    }

    /// Starts (or ends) showing the other model beside the current one.
    private func showPartner() {
        guard state.splitModels, let index = partnerIndex else {
            state.setPartner(nil)
            return
        }
        state.setPartner(PartnerModel(of: models[index].state))
        loadPartnerImage()
    }

    /// Asks the split view's other model for its analysis of the current image.
    private func loadPartnerImage() {
        guard state.splitModels, let index = partnerIndex, let path = state.imagePath else { return }
        if state.partner?.index != index { state.setPartner(PartnerModel(of: models[index].state)) }
        let (g, inbox) = (generation, self.inbox)
        models[index].service.analyze(imageAt: path, priority: .interactive, deliveryQueue: deliveryQueue) { event in
            inbox.post(.partner(generation: g, event))
        }
    }

    /// Runs the other model's heads on the current model's proposals when the inspector needs
    /// them (once per image; at prefetch priority, so it never holds up an image).
    private func askPartnerHeads() {
        guard let index = partnerIndex, let path = state.imagePath, let proposals = state.partnerHeadsRequest() else { return }
        let (g, inbox) = (generation, self.inbox)
        models[index].service.analyze(imageAt: path, proposals: proposals, priority: .prefetch,
                                      deliveryQueue: deliveryQueue) { event in
            if case .progress = event { return }
            inbox.post(.partnerHeads(generation: g, event))
        }
        needsDraw = true
    }

    /// Starts the background analysis of every image the ground truth lists (once, with
    /// ground truth).
    private func startDatasetAnalysis() {
        guard datasetLoop == nil, let truth = state.groundTruth else { return }
        let indices = state.imagePaths.indices.filter { truth.image(forFileAt: state.imagePaths[$0]) != nil }
        let (inbox, model) = (self.inbox, modelIndex)
        let loop = DatasetAnalysisLoop(imagePaths: state.imagePaths, indices: indices, variants: state.variants,
                                       settings: state.settings, service: service) { inbox.post(.dataset(model: model, $0)) }
        loop.knownDetections = knownDetections
        loop.didAnalyse = didAnalyse
        datasetLoop = loop
        loop.start()
    }

    /// Shows the dataset analysis' progress, and rebuilds the review when it is due (on a
    /// background queue: keys keep working meanwhile).
    private func updateDataset() {
        guard let loop = datasetLoop, let truth = state.groundTruth else { return }
        let progress = loop.progress()
        if progress.text != state.datasetProgress?.text {
            state.setDatasetProgress(progress)
            needsDraw = true
        }
        reviewSchedule.add(loop.takeNews())
        let now = Date()
        guard reviewSchedule.isDue(now: now, analysisFinished: loop.isFinished) else { return }
        reviewSchedule.started(now: now)
        let (detections, names, variants, inbox, model) = (loop.detections, state.classNames, state.variants, self.inbox, modelIndex)
        reviewQueue.async {
            let start = Date()
            let review = DatasetReview(detections: detections, groundTruth: truth, modelClassNames: names, variants: variants)
            inbox.post(.review(model: model, review, detections, seconds: Date().timeIntervalSince(start)))
        }
    }

    /// Adds a model to browse besides the one given at init (`m` switches): its state on the
    /// same images, its detector service, and its store's detections and keeping (as
    /// ``knownDetections`` and ``didAnalyse`` are for the first). Call before ``run()``, after
    /// setting the first model's ``knownDetections`` and ``didAnalyse``.
    public func addModel(state other: AppState, service otherService: DetectorService,
                         knownDetections otherKnown: @escaping @Sendable (Int) -> DatasetAnalysisLoop.Detections? = { _ in nil },
                         didAnalyse otherDidAnalyse: @escaping @Sendable (Int, DatasetAnalysisLoop.Detections) -> Void = { _, _ in }) {
        if models.isEmpty { models.append(parked()) }
        models.append(BrowserModel(state: other, service: otherService, knownDetections: otherKnown,
                                   didAnalyse: otherDidAnalyse, datasetLoop: nil, reviewSchedule: ReviewSchedule()))
        for i in models.indices { models[i].state.setModel(index: i, of: models.count) }
        state.setModel(index: modelIndex, of: models.count)
    }

    /// The model shown, as kept while another is shown.
    private func parked() -> BrowserModel {
        BrowserModel(state: state, service: service, knownDetections: knownDetections, didAnalyse: didAnalyse,
                     datasetLoop: datasetLoop, reviewSchedule: reviewSchedule)
    }

    /// Shows the next model on the same image, with the same view; its analysis of the image
    /// comes from its own service (and store).
    private func switchModel() {
        guard models.count > 1 else { return }
        models[modelIndex] = parked()
        let next = (modelIndex + 1) % models.count
        var incoming = models[next]
        let leaving = state
        incoming.state.adoptView(of: state)
        modelIndex = next
        state = incoming.state
        service = incoming.service
        knownDetections = incoming.knownDetections
        didAnalyse = incoming.didAnalyse
        datasetLoop = incoming.datasetLoop
        reviewSchedule = incoming.reviewSchedule
        if state.splitModels, partnerIndex == leaving.modelIndex {
            // The model just left is shown beside, with the analysis it had.
            var partner = PartnerModel(of: leaving)
            if let analysis = leaving.analysis { partner.apply(.finished(analysis, cached: true)) }
            state.setPartner(partner)
        }
        loadCurrentImage()
    }

    private func exportView() {
        if lastFrame == nil { drawFrame() }
        guard let frame = lastFrame else { return }
        do {
            let path = try ViewExporter.export(frame, theme: appearance.theme, imageName: state.imageName,
                                               variant: state.variant.rawValue)
            state.message = "wrote \((path as NSString).lastPathComponent)"
        } catch {
            state.message = "export failed: \(error)"
        }
    }
}
