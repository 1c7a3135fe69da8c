import ExpDomain
import ExpCore

extension ModelBundle {
    /// The bytes of `manifest.json`, exactly as the archive holds them.
    public func manifestBytes() throws -> [UInt8] {
        try BundleJSON.encode(manifest, member: .manifest)
    }

    /// The archive's members with their bytes, sorted by name (the order they are archived in).
    func encodedMembers() throws -> [(member: BundleMember, bytes: [UInt8])] {
        var members = try Self.encodeContentMembers(manifest: manifest, pipeline: pipeline, features: features,
                                                    holdout: holdout)
        members.append((.manifest, try BundleJSON.encode(manifest, member: .manifest)))
        return members.sorted { $0.member < $1.member }
    }

    /// Every member except `manifest.json` (whose checksums are computed from these).
    static func encodeContentMembers(manifest: BundleManifest, pipeline: InferencePipeline, features: FeatureManifest,
                                     holdout: [HoldoutPrediction]) throws -> [(member: BundleMember, bytes: [UInt8])] {
        var members: [(member: BundleMember, bytes: [UInt8])] = [
            (.model, try pipeline.network.encodedDocument()),
            (.scaler, try BundleJSON.encode(ScalerDocument(pipeline.scaler), member: .scaler)),
            (.features, try BundleJSON.encode(features, member: .features)),
            (.holdout, HoldoutCSV.encode(holdout)),
            (.modelCard, Array(ModelCard.render(manifest: manifest, pipeline: pipeline, features: features,
                                                holdoutRows: holdout.count).utf8)),
        ]
        if let imputer = pipeline.imputer {
            members.append((.imputer, try BundleJSON.encode(ImputerDocument(imputer), member: .imputer)))
        }
        return members
    }

    /// The bundle held by an archive's entries (whose names are already known to be safe and
    /// distinct): every member present and known, every checksum right, every part decodable
    /// and consistent with the others.
    static func decode(entries: [TarArchive.Entry]) throws -> ModelBundle {
        var members: [BundleMember: [UInt8]] = [:]
        var unknown: [String] = []
        for entry in entries {
            if let member = BundleMember(rawValue: entry.name) {
                members[member] = entry.bytes
            } else {
                unknown.append(entry.name)
            }
        }
        // The format first, so that a newer bundle (which may hold new members) is reported as
        // such rather than as undecodable or as holding unknown members.
        if let manifestBytes = members[.manifest] {
            let probe = try BundleJSON.decode(FormatProbe.self, from: manifestBytes, member: .manifest)
            try validateFormat(format: probe.format, version: probe.formatVersion)
        }
        if let name = unknown.first { throw BundleError.unknownMember(member: name) }
        guard let manifestBytes = members[.manifest] else {
            throw BundleError.missingMember(member: BundleMember.manifest.rawValue)
        }
        let manifest = try BundleJSON.decode(BundleManifest.self, from: manifestBytes, member: .manifest)

        for member in BundleMember.allCases where member.isRequired && members[member] == nil {
            throw BundleError.missingMember(member: member.rawValue)
        }
        try verifyChecksums(manifest: manifest, members: members)

        let features = try BundleJSON.decode(FeatureManifest.self, from: members[.features] ?? [], member: .features)
        let pipeline = try decodePipeline(manifest: manifest, features: features, members: members)
        let holdout = try HoldoutCSV.decode(members[.holdout] ?? [])
        try validate(manifest: manifest, pipeline: pipeline, features: features)
        return ModelBundle(validated: manifest, pipeline: pipeline, features: features, holdout: holdout)
    }

    /// Every member but the manifest has a checksum, every checksum has a member, and they agree.
    private static func verifyChecksums(manifest: BundleManifest, members: [BundleMember: [UInt8]]) throws {
        for (member, bytes) in members.sorted(by: { $0.key < $1.key }) where member != .manifest {
            guard let expected = manifest.checksums[member.rawValue] else {
                throw BundleError.invalidMember(
                    member: BundleMember.manifest.rawValue, reason: "checksums has no entry for member '\(member.rawValue)'")
            }
            let actual = SHA256.hex(bytes)
            guard actual == expected.lowercased() else {
                throw BundleError.checksumMismatch(member: member.rawValue, expected: expected, actual: actual)
            }
        }
        for name in manifest.checksums.keys.sorted() {
            guard let member = BundleMember(rawValue: name), member != .manifest else {
                throw BundleError.invalidMember(
                    member: BundleMember.manifest.rawValue, reason: "checksums lists '\(name)', which is not a bundle member")
            }
            if members[member] == nil { throw BundleError.missingMember(member: name) }
        }
    }

    /// The pipeline of the model, scaler, features and imputer members. Each mismatch names the
    /// member at fault before `InferencePipeline.init` checks the whole.
    private static func decodePipeline(manifest: BundleManifest, features: FeatureManifest,
                                       members: [BundleMember: [UInt8]]) throws
        -> InferencePipeline
    {
        let network = try TrainedNetwork.decodeDocument(members[.model] ?? [])
        let scaler = try BundleJSON.decode(ScalerDocument.self, from: members[.scaler] ?? [], member: .scaler).scaler()
        let imputer = try members[.imputer].map {
            try BundleJSON.decode(ImputerDocument.self, from: $0, member: .imputer).imputer()
        }
        let inputCount = manifest.inputSchema.features.count
        let columns = features.columns
        func invalid(_ member: BundleMember, _ reason: String) -> BundleError {
            .invalidMember(member: member.rawValue, reason: reason)
        }
        guard !columns.isEmpty, zip(columns, columns.dropFirst()).allSatisfy({ $0 < $1 }),
              columns.allSatisfy({ $0 >= 0 && $0 < inputCount }) else {
            throw invalid(.features, "selected columns \(columns) must be ascending, distinct and within 0..<\(inputCount)")
        }
        guard network.featureCount == columns.count else {
            throw invalid(.model, "the network has \(network.featureCount) inputs, features.json selects \(columns.count)")
        }
        guard network.layerSizes.last == 1 else {
            throw invalid(.model, "a binary network has one output unit, not \(network.layerSizes.last ?? 0)")
        }
        guard network.isFinite else { throw invalid(.model, "the weights and biases must all be finite") }
        guard scaler.featureCount == columns.count else {
            throw invalid(.scaler, "the scaler has \(scaler.featureCount) features, features.json selects \(columns.count)")
        }
        if let imputer, imputer.featureCount != inputCount {
            throw invalid(.imputer, "the imputer has \(imputer.featureCount) statistics, the input schema "
                + "\(inputCount) features")
        }
        do {
            return try InferencePipeline(inputFeatureCount: inputCount, imputer: imputer, selectedIndices: columns,
                                         scaler: scaler, network: network)
        } catch {
            throw invalid(.model, "the model does not fit the other members: \(error)")
        }
    }
}

/// `format` and `format_version` alone, decoded before the rest of the manifest.
private struct FormatProbe: Decodable {
    var format: String
    var formatVersion: Int

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
    }
}
