import ArgumentParser

/// `dhscope store`: fill, join and describe analysis stores.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Fill, merge and describe the analysis store that browse and eval --images read.",
        discussion: """
            The store keeps each image's analysis (both heads' outputs for every RoI and every \
            variant's detections), keyed by the SHA-256 of the model file and of the image \
            file. browse and eval --images read what it holds and add what they analyse. \
            docs/STORE.md describes the layout and what is kept at which precision.

            Examples:
              dhscope store analyze Samples/images --store shards/0 --shard 0/2
              dhscope store analyze Samples/images --store shards/1 --shard 1/2
              dhscope store merge shards/0 shards/1 --into merged
              dhscope store info --store merged
            """,
        subcommands: [StoreAnalyzeCommand.self, StoreMergeCommand.self, StoreInfoCommand.self])
}
