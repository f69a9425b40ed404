import ArgumentParser

/// The dhscope command: a terminal debugger for Double-Head R-CNN detectors.
@main
struct DHScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dhscope",
        abstract: "A terminal debugger for Double-Head R-CNN object detectors.",
        version: "0.1.0",
        subcommands: [BrowseCommand.self, RenderCommand.self, DetectCommand.self, InspectCommand.self, BenchCommand.self, WeightsCommand.self, EvalCommand.self, AnalyzeCommand.self, StoreCommand.self, DoctorCommand.self],
        defaultSubcommand: BrowseCommand.self)
}
