/// Colours for charts: the Okabe–Ito palette (distinguishable with every common form of colour
/// blindness) for categories, plus neutral greys for axes, grid and text.
///
/// Okabe, M. & Ito, K. (2008), "Color Universal Design (CUD): how to make figures and
/// presentations that are friendly to colorblind people".
public enum Palette {
    /// Series colours in order of use; yellow comes last because it is faint on white.
    public static let categorical = [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442",
    ]
    /// The negative class (blue) and the positive class (vermillion).
    public static let negativeClass = "#0072B2"
    public static let positiveClass = "#D55E00"
    public static let text = "#222222"
    public static let mutedText = "#555555"
    public static let axis = "#444444"
    public static let grid = "#E5E5E5"
    public static let reference = "#888888"
    public static let missing = "#DDDDDD"

    /// The `i`-th categorical colour, cycling.
    public static func color(_ i: Int) -> String {
        categorical[((i % categorical.count) + categorical.count) % categorical.count]
    }
}

/// A colour in 8-bit sRGB.
public struct RGB: Sendable, Hashable {
    public var red: Int, green: Int, blue: Int

    public init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#RRGGBB`.
    public init?(hex: String) {
        let digits = Array(hex.utf8.dropFirst(hex.hasPrefix("#") ? 1 : 0))
        guard digits.count == 6 else { return nil }
        func nibble(_ c: UInt8) -> Int? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c - UInt8(ascii: "A")) + 10
            default: nil
            }
        }
        var values: [Int] = []
        for i in stride(from: 0, to: 6, by: 2) {
            guard let high = nibble(digits[i]), let low = nibble(digits[i + 1]) else { return nil }
            values.append(high * 16 + low)
        }
        self.init(values[0], values[1], values[2])
    }

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for v in [red, green, blue] {
            let c = min(255, max(0, v))
            out.append(digits[c / 16])
            out.append(digits[c % 16])
        }
        return out
    }

    /// Relative luminance in [0, 1] (sRGB weights, no gamma): enough to pick black or white text.
    public var lightness: Double {
        (0.299 * Double(red) + 0.587 * Double(green) + 0.114 * Double(blue)) / 255
    }
}

/// A continuous colour scale: colour stops spread evenly over `domain`, interpolated linearly
/// in sRGB and rounded to 8 bits (so the same value always gives the same colour).
public struct ColorScale: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var stops: [RGB]

    public init(lower: Double, upper: Double, stops: [RGB]) {
        precondition(upper > lower && stops.count >= 2, "a colour scale needs a range and two stops")
        self.lower = lower
        self.upper = upper
        self.stops = stops
    }

    /// Blue – white – red (ColorBrewer RdBu, reversed; colour-blind safe), for values in
    /// [-1, 1] such as correlations.
    public static func diverging(lower: Double = -1, upper: Double = 1) -> ColorScale {
        ColorScale(lower: lower, upper: upper, stops: [
            "#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b",
        ].compactMap { RGB(hex: $0) })
    }

    /// Viridis (perceptually uniform, colour-blind safe), dark to light.
    public static func sequential(lower: Double, upper: Double) -> ColorScale {
        ColorScale(lower: lower, upper: upper, stops: [
            "#440154", "#3b528b", "#21918c", "#5ec962", "#fde725",
        ].compactMap { RGB(hex: $0) })
    }

    /// The colour of `value` (clamped to the domain); NaN gives ``Palette/missing``.
    public func rgb(_ value: Double) -> RGB {
        guard !value.isNaN else { return RGB(221, 221, 221) }
        let t = min(1, max(0, (value - lower) / (upper - lower)))
        let position = t * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position.rounded(.down)))
        let f = position - Double(index)
        let a = stops[index], b = stops[index + 1]
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return RGB(mix(a.red, b.red), mix(a.green, b.green), mix(a.blue, b.blue))
    }

    public func color(_ value: Double) -> String {
        value.isNaN ? Palette.missing : rgb(value).hex
    }
}
