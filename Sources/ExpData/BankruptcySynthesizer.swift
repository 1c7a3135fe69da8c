import ExpCore

/// A seeded generator of synthetic bankruptcy data shaped like the reference (UCI Taiwanese
/// bankruptcy) data, for the README's main command and for tests: the real data cannot ship
/// with the repository.
///
/// What it reproduces (defaults: 6,819 rows, seed 42):
/// - The 95 reference feature names (``ReferenceColumns``) and the label `Bankrupt?` with class
///   names `0` and `1`; exactly 220 positives at 6,819 rows (3.2%), and
///   `round(220 · rows / 6819)`, but at least 2 per class, for other row counts.
/// - Most columns are ratios in (0, 1): `logistic(c + s·(±z_f + w·z_g + σ·ε))` of one main
///   latent factor `z_f` (profitability, leverage, liquidity, growth, turnover, cash flow), a
///   little of a second one, and noise; a few are noise only. Values are rounded to 9 decimals
///   like most reference columns. Some narrow columns hold rare cells at exactly 0 or 1, as the
///   reference does.
/// - `Net Income Flag` (index 93) is constant 1; `Liability-Assets Flag` (index 84) is a rare
///   0/1 flag raised by extreme leverage.
/// - Heavy-tailed columns 10, 11, 28, 47, 70 and 73 mix small ratios with cells of 10⁸–10¹⁰
///   (in the reference's proportions), and 13 further columns hold a few such cells, which the
///   data-quality report flags as extreme outliers.
/// - Columns 76 and 77 repeat columns 63 and 65 exactly.
///
/// The label is the top `k` rows of a noisy risk score that is partly linear (low
/// profitability, high leverage, low liquidity and cash flow; so an F-test finds features) and
/// partly non-linear: a liquidity × cash-flow interaction, a U-shape in growth, and a threshold
/// rule on turnover and leverage. A linear model therefore misses part of the signal that an
/// MLP can learn, and noise keeps the classes from being separable.
/// `benchmarks/synth_signal.py` measures this with scikit-learn.
///
/// Generation is pure and deterministic: every draw comes from ``SeededGenerator`` (one stream
/// per row derived from `seed`) and every transcendental from ``ElementaryFunctions``, so the
/// same rows and seed give bit-identical data, and the same CSV bytes, on every machine. The
/// column structure (centres, scales, signs) is fixed and does not depend on `seed`.
///
/// ```swift
/// let data = try BankruptcySynthesizer(rows: 6819, seed: 42).generate()
/// data.positiveCount  // 220
/// ```
public struct BankruptcySynthesizer: Sendable {
    /// The reference data's row count.
    public static let defaultRows = 6819
    /// The default seed.
    public static let defaultSeed: UInt64 = 42
    /// The smallest row count accepted (so that each class has at least 2 rows and the rest).
    public static let minimumRows = 10
    /// The largest row count accepted: a million rows are 760 MB of features in memory (and a
    /// CSV of about a gigabyte); more is refused before anything is generated.
    public static let maximumRows = 1_000_000
    /// The positives at the reference row count.
    public static let referencePositives = 220

    /// The number of rows to generate.
    public var rows: Int
    /// The seed of every random draw.
    public var seed: UInt64

    /// A synthesizer for `rows` rows from `seed`.
    public init(rows: Int = BankruptcySynthesizer.defaultRows, seed: UInt64 = BankruptcySynthesizer.defaultSeed) {
        self.rows = rows
        self.seed = seed
    }

    /// The number of positive rows for `rows` rows: `round(220 · rows / 6819)` clamped so that
    /// each class has at least 2 rows.
    public static func positiveCount(rows: Int) -> Int {
        let scaled = (referencePositives * rows + defaultRows / 2) / defaultRows
        return max(2, min(rows - 2, scaled))
    }

    /// Generates the data set. Its ``Dataset/sha256`` is the hash of ``CSVWriter/encode(_:)``
    /// of it, i.e. of the file `exp data synth` writes.
    /// - Throws: ``DataError`` of kind `.invalidOption` when `rows` is outside
    ///   `minimumRows...maximumRows`.
    public func generate() throws -> Dataset {
        guard (Self.minimumRows...Self.maximumRows).contains(rows) else {
            throw DataError(
                .invalidOption, file: DataSource.builtinBankruptcy(rows: rows, seed: seed).description,
                message: "rows must lie in \(Self.minimumRows)...\(Self.maximumRows), got \(rows)")
        }
        let layout = Self.layout
        let width = layout.count
        var elements = [Double](repeating: 0, count: rows * width)
        var risk = [Double](repeating: 0, count: rows)
        var z = [Double](repeating: 0, count: Self.factorCount)
        for row in 0..<rows {
            var rng = SeededGenerator(seed: seed, stream: [Self.rowStream, UInt64(row)])
            for f in 0..<Self.factorCount { z[f] = rng.normal() }
            let flag = z[1] + 0.3 * rng.normal() > 2.6 ? 1.0 : 0.0
            risk[row] = Self.riskScore(z, flag: flag) + Self.riskNoise * rng.normal()
            let base = row * width
            for (j, column) in layout.enumerated() {
                elements[base + j] = column.value(z: z, flag: flag, rng: &rng)
            }
            for (source, duplicate) in ReferenceColumns.identicalColumnPairs {
                elements[base + duplicate] = elements[base + source]
            }
        }
        // Exactly k positives: the k highest risk scores (ties, which have probability zero,
        // go to the lower row index).
        let k = Self.positiveCount(rows: rows)
        let order = (0..<rows).sorted { risk[$0] > risk[$1] || (risk[$0] == risk[$1] && $0 < $1) }
        var labels = [Int](repeating: 0, count: rows)
        for index in order.prefix(k) { labels[index] = 1 }

        var data = Dataset(
            featureNames: ReferenceColumns.featureNames,
            features: Matrix(rows: rows, columns: width, elements: elements),
            labels: labels, labelName: ReferenceColumns.labelName,
            classNames: LabelEncoding(negative: "0", positive: "1"),
            source: DataSource.builtinBankruptcy(rows: rows, seed: seed).description, sha256: "")
        data.sha256 = SHA256.hex(CSVWriter.encode(data))
        return data
    }

    // MARK: The label

    /// Weights of the risk score, tuned with benchmarks/synth_signal.py. At the defaults
    /// (6,819 rows, seed 42), 5-fold stratified CV ROC-AUC after StandardScaler:
    /// LogisticRegression 0.855, MLPClassifier((64,)) 0.937 (scikit-learn 1.9).
    static let linearProfitability = 1.6
    static let linearLeverage = 0.6
    static let linearLiquidity = 0.25
    static let linearCashFlow = 0.2
    static let interactionWeight = 1.4
    static let growthUShapeWeight = 0.6
    static let thresholdWeight = 1.2
    static let flagWeight = 1.5
    static let riskNoise = 1.2

    /// The noiseless risk score of one company with latent factors `z`.
    static func riskScore(_ z: [Double], flag: Double) -> Double {
        let linear =
            -linearProfitability * z[0] + linearLeverage * z[1] - linearLiquidity * z[2] - linearCashFlow * z[5]
        let interaction = interactionWeight * z[2] * z[5]
        let growth = growthUShapeWeight * z[3] * z[3]
        let threshold = z[4] < -1 && z[1] > 0 ? thresholdWeight : 0
        return linear + interaction + growth + threshold + flagWeight * flag
    }

    // MARK: The columns

    /// Latent factors: 0 profitability, 1 leverage, 2 liquidity, 3 growth, 4 turnover,
    /// 5 cash flow.
    static let factorCount = 6
    /// A marker in ``factorOfColumn`` for columns that carry noise only.
    static let noiseOnly = 6
    /// The stream identifier of row draws (the ASCII bytes of "rows").
    static let rowStream: UInt64 = 0x726F_7773
    /// The seed of the fixed column structure (the ASCII bytes of "bankrupt").
    static let structureSeed: UInt64 = 0x6261_6E6B_7275_7074

    /// The main latent factor of each reference column, from its meaning (see the names in
    /// ``ReferenceColumns``); 6 = noise only. Entries for special columns are not used.
    static let factorOfColumn: [Int] = [
        0, 0, 0, 4, 4, 0, 0, 0, 6, 0,  // 0–9
        4, 3, 5, 1, 6, 5, 5, 5, 0, 5,  // 10–19
        4, 0, 0, 3, 3, 3, 3, 3, 3, 6,  // 20–29
        3, 5, 2, 2, 1, 1, 1, 1, 1, 1,  // 30–39
        6, 0, 0, 6, 4, 4, 4, 4, 4, 4,  // 40–49
        4, 0, 4, 2, 2, 2, 2, 2, 2, 1,  // 50–59
        5, 6, 2, 1, 2, 1, 1, 0, 0, 4,  // 60–69
        4, 4, 6, 2, 5, 4, 1, 1, 1, 5,  // 70–79
        5, 5, 5, 2, 1, 0, 4, 2, 4, 0,  // 80–89
        1, 6, 6, 0, 1,  // 90–94
    ]

    /// Narrow ratio columns that, like the reference, hold rare cells at exactly 0 or 1.
    static let extremeCellColumns: Set<Int> = [
        5, 6, 7, 8, 9, 23, 24, 25, 26, 27, 30, 34, 38, 39, 40, 43, 61, 64, 65, 68, 72, 74, 78, 82, 87, 89, 90,
        91, 92,
    ]
    /// The probability of such a 0-or-1 cell.
    static let extremeCellRate = 0.0008

    /// Share of 10⁸–10¹⁰ cells in each heavy-tailed column (the reference's proportions).
    static let heavyFractions: [Int: Double] = [10: 0.33, 11: 0.59, 28: 0.88, 47: 0.43, 70: 0.18, 73: 0.62]

    /// Columns with a few 10⁸–10¹⁰ cells, and their rate (the reference's counts / 6819).
    static let sparseOutlierRates: [Int: Double] = [
        20: 0.0007, 29: 0.0003, 32: 0.0003, 33: 0.0013, 35: 0.0012, 45: 0.0032, 46: 0.0026, 50: 0.0003,
        52: 0.0018, 57: 0.0004, 58: 0.0067, 75: 0.00015, 86: 0.0029,
    ]

    /// How one column is generated.
    struct Column: Sendable {
        enum Role: Sendable {
            case ratio
            case heavy(fraction: Double)
            case constantOne
            case flag
        }

        var role: Role
        var factor: Int
        var sign: Double
        var secondary: Int
        var secondaryWeight: Double
        var center: Double
        var scale: Double
        var noise: Double
        var outlierRate: Double
        var extremeRate: Double

        /// One cell, given the row's latent factors and flag. Consumes a fixed number of draws
        /// per role.
        func value(z: [Double], flag: Double, rng: inout SeededGenerator) -> Double {
            switch role {
            case .constantOne:
                return 1
            case .flag:
                return flag
            case .ratio:
                let signal = factor < BankruptcySynthesizer.factorCount ? sign * z[factor] : 0
                let x = center + scale * (signal + secondaryWeight * z[secondary] + noise * rng.normal())
                var v = round9(ElementaryFunctions.logistic(x))
                let u = rng.nextUnit()
                if u < outlierRate {
                    v = hugeValue(&rng)
                } else if u < outlierRate + extremeRate {
                    v = rng.nextUnit() < 0.5 ? 0 : 1
                }
                return v
            case .heavy(let fraction):
                let signal = factor < BankruptcySynthesizer.factorCount ? sign * z[factor] : 0
                let x = center + scale * (signal + noise * rng.normal())
                let small = round9(ElementaryFunctions.logistic(x))
                let logitFraction = ElementaryFunctions.log(fraction / (1 - fraction))
                let pHuge = ElementaryFunctions.logistic(logitFraction + 0.5 * signal)
                return rng.nextUnit() < pHuge ? hugeValue(&rng) : small
            }
        }

        /// 10^U(8, 10), rounded to 3 significant digits (an integer).
        func hugeValue(_ rng: inout SeededGenerator) -> Double {
            let exponent = rng.uniform(8, 10)
            let value = ElementaryFunctions.exp(exponent * 2.302585092994046)
            let unit = exponent < 9 ? 1e6 : 1e7
            return (value / unit).rounded() * unit
        }

        /// `x` rounded to 9 decimals.
        func round9(_ x: Double) -> Double {
            (x * 1e9).rounded() / 1e9
        }
    }

    /// The fixed column structure, drawn once from ``structureSeed``.
    static let layout: [Column] = {
        var rng = SeededGenerator(seed: structureSeed)
        var columns: [Column] = []
        for j in 0..<ReferenceColumns.featureNames.count {
            let factor = factorOfColumn[j]
            let sign: Double = rng.nextUnit() < 0.5 ? -1 : 1
            var secondary = rng.nextInt(below: factorCount)
            if secondary == factor { secondary = (secondary + 1) % factorCount }
            let secondaryWeight = rng.uniform(-0.3, 0.3)
            let narrow = extremeCellColumns.contains(j)
            let center = rng.uniform(-2.5, 2.5)
            let scale = narrow ? rng.uniform(0.02, 0.1) : rng.uniform(0.1, 0.8)
            let noise = rng.uniform(0.25, 0.5)
            var column = Column(
                role: .ratio, factor: factor, sign: sign, secondary: secondary,
                secondaryWeight: factor == noiseOnly ? 0 : secondaryWeight, center: center, scale: scale, noise: noise,
                outlierRate: sparseOutlierRates[j] ?? 0, extremeRate: narrow ? extremeCellRate : 0)
            if let fraction = heavyFractions[j] {
                column.role = .heavy(fraction: fraction)
                column.center = -8.1  // logistic(-8.1) ≈ 0.0003, the reference's small values
                column.scale = 0.6
            } else if j == ReferenceColumns.netIncomeFlagIndex {
                column.role = .constantOne
            } else if j == ReferenceColumns.liabilityAssetsFlagIndex {
                column.role = .flag
            }
            columns.append(column)
        }
        return columns
    }()
}
