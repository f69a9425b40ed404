import ArgumentParser

/// `dhscope bench`: timings of the parts users wait for.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how long dhscope's stages take.",
        subcommands: [BenchDetectCommand.self, BenchDatasetCommand.self, BenchConvCommand.self, BenchRenderCommand.self, BenchTUICommand.self, BenchReviewCommand.self, BenchStoreCommand.self],
        defaultSubcommand: BenchDetectCommand.self)
}
