import Detector
import Foundation
import Imaging
import Rendering
import TestSupport
@testable import TUI

/// A state with a real (tiny-model) analysis of a test picture, shared by the pane tests.
enum Fixture {
    struct Loaded: @unchecked Sendable {
        var state: AppState
        var analysis: RawAnalysis
        var folder: URL
        var imagePath: String
    }

    static let loaded: Result<Loaded, Error> = Result {
        let folder = try temporaryDirectory("dhscope-tui")
        let path = try TinyModel.writeImage(in: folder)
        let second = try TinyModel.writeImage(in: folder, name: "second.png", seed: 3)
        let detector = try TinyModel.detector()
        let picture = try ImageDecoder().decodeRGB(contentsOf: path)
        let analysis = try detector.analyze(picture)
        var state = AppState(imagePaths: [path, second], modelName: "tiny-dh", config: detector.config)
        state.terminalSize = (160, 48)
        state.setPicture(.ready(picture))
        state.apply(.finished(analysis, cached: false))
        return Loaded(state: state, analysis: analysis, folder: folder, imagePath: path)
    }

    static func state() throws -> AppState { try loaded.get().state }

    static func frame(_ state: AppState, columns: Int = 160, rows: Int = 48, mode: ColorMode = .truecolor) -> CellGrid {
        Screen.compose(state, columns: columns, rows: rows, chrome: Chrome(theme: .dark, mode: mode))
    }

    static func text(_ grid: CellGrid) -> String {
        (0..<grid.rows).map { grid.text(row: $0) }.joined(separator: "\n")
    }
}
