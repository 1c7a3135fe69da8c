import Testing
@testable import ExpReport

@Suite struct ReportNumberTests {
    @Test(arguments: [
        (0.91234, 3, "0.912"), (0.9995, 3, "1.000"), (-0.0004, 3, "0.000"), (-1.5, 0, "-2"), (2.5, 0, "3"),
        (1234.5678, 2, "1234.57"), (0, 4, "0.0000"), (1e10, 1, "10000000000.0"), (-12.3456, 2, "-12.35"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(ReportNumber.fixed(value, decimals: decimals) == expected)
    }

    @Test(arguments: [
        (12345.6, 3, "12346"), (0.000123456, 3, "0.000123"), (3.2e-12, 2, "3.2e-12"), (9.9996, 4, "10.00"),
        (1.23456e10, 3, "1.23e10"), (-0.5, 2, "-0.50"), (0, 3, "0"), (99999999, 3, "1.00e8"), (151.2, 4, "151.2"),
        (2.4e-14, 3, "2.40e-14"), (1, 4, "1.000"),
    ])
    func significant(value: Double, digits: Int, expected: String) {
        #expect(ReportNumber.significant(value, digits: digits) == expected)
    }

    @Test func nonFiniteAndSpecialForms() {
        #expect(ReportNumber.fixed(.nan, decimals: 2) == "nan")
        #expect(ReportNumber.significant(-.infinity, digits: 2) == "-inf")
        #expect(ReportNumber.integer(6819) == "6,819")
        #expect(ReportNumber.integer(-1_234_567) == "-1,234,567")
        #expect(ReportNumber.integer(999) == "999")
        #expect(ReportNumber.percent(0.03226) == "3.2 %")
        #expect(ReportNumber.meanStd(0.91, 0.0245) == "0.9100 ± 0.0245")
        #expect(ReportNumber.duration(2.5) == "2.5 s")
        #expect(ReportNumber.duration(245) == "4 min 05 s")
        #expect(ReportNumber.duration(7380) == "2 h 03 min")
        #expect(ReportNumber.coordinate(12.5) == "12.5")
        #expect(ReportNumber.coordinate(-0.001) == "0")
        #expect(ReportNumber.coordinate(3) == "3")
        #expect(ReportNumber.coordinate(1.005) == "1.01" || ReportNumber.coordinate(1.005) == "1")
    }

    @Test func timestampsAreUTCCivilDates() {
        #expect(UTCTimestamp.format(0) == "1970-01-01 00:00:00 UTC")
        #expect(UTCTimestamp.format(951_782_400) == "2000-02-29 00:00:00 UTC")
        #expect(UTCTimestamp.format(1_790_003_600.9) == "2026-09-21 15:13:20 UTC")
        #expect(UTCTimestamp.format(-1) == "1969-12-31 23:59:59 UTC")
    }
}

@Suite struct NiceScaleTests {
    @Test func roundStepsCoverTheRange() {
        let scale = NiceScale(minimum: 0.013, maximum: 0.94)
        #expect(scale.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(scale.lower <= 0.013 && scale.upper >= 0.94)
    }

    @Test(arguments: [(-3.7, 12.2), (0, 1e10), (0.00012, 0.00019), (5, 5), (-1, 1), (17, 1234), (0.5, 0.5000001)])
    func ticksAreMonotoneAndExact(minimum: Double, maximum: Double) {
        let scale = NiceScale(minimum: minimum, maximum: maximum)
        let ticks = scale.ticks
        #expect(ticks.count >= 2 && ticks.count <= 12)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(scale.lower <= minimum && scale.upper >= maximum)
        #expect(Set(scale.labels).count == scale.labels.count, "labels must be distinct: \(scale.labels)")
        for (value, label) in zip(ticks, scale.labels) {
            let parsed = Double(label) ?? .nan
            #expect(parsed == value || abs(parsed - value) <= abs(value) * 1e-12, "\(label) vs \(value)")
        }
    }

    @Test func largeAndTinyValuesUseScientificLabels() {
        #expect(NiceScale(minimum: 0, maximum: 1e10).labels == ["0", "2e9", "4e9", "6e9", "8e9", "1e10"])
        #expect(NiceScale(minimum: 0, maximum: 3e-5, targetTicks: 4).labels == ["0", "1e-5", "2e-5", "3e-5"])
        #expect(NiceScale(minimum: 0, maximum: 25, includeZero: true).labels == ["0", "5", "10", "15", "20", "25"])
    }
}

@Suite struct EscapingTests {
    @Test func svgTextAndAttributesAreEscaped() {
        #expect(SVGWriter.escapeText("a < b & c > \"d\"") == "a &lt; b &amp; c &gt; \"d\"")
        #expect(SVGWriter.escapeAttribute("x\"y'z&\n") == "x&quot;y&apos;z&amp;&#10;")
        #expect(SVGWriter.escapeText("bell\u{07}end") == "bellend")
    }

    @Test func markdownMarkupIsEscaped() {
        #expect(Markdown.escape("a|b *c* _d_ [e] <f>") == "a\\|b \\*c\\* \\_d\\_ \\[e\\] \\<f\\>")
        #expect(Markdown.code("a`b") == "``a`b``")
        var table = Markdown.Table(["x", "y"], right: [1])
        table.append(["1", "2"])
        #expect(table.render() == "| x | y |\n| --- | ---: |\n| 1 | 2 |")
    }

    @Test func parameterValuesSortByTheirNumbers() {
        let values = ["[100]", "[16]", "all", "[32, 16]", "1e-05", "0.001"]
        #expect(values.sorted(by: ReportParameter.valueOrder) == ["1e-05", "0.001", "[16]", "[32, 16]", "[100]", "all"])
    }
}
