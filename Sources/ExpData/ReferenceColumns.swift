/// The column names of the reference data, the UCI "Taiwanese Bankruptcy Prediction" set
/// (dataset 572, CC BY 4.0), in the order of `../shared/data/taiwan_bankruptcy.csv`.
///
/// They were copied once from that file's header (label first, then 95 features) and are
/// embedded here so the synthetic data can carry the same names without the real data. Names
/// are kept verbatim, including the reference's own spelling ("Working capitcal Turnover Rate").
public enum ReferenceColumns {
    /// The label column: 1 = the company went bankrupt.
    public static let labelName = "Bankrupt?"

    /// The 95 feature names, 0-based index in the trailing comments.
    public static let featureNames: [String] = [
        "ROA(C) before interest and depreciation before interest",  // 0
        "ROA(A) before interest and % after tax",  // 1
        "ROA(B) before interest and depreciation after tax",  // 2
        "Operating Gross Margin",  // 3
        "Realized Sales Gross Margin",  // 4
        "Operating Profit Rate",  // 5
        "Pre-tax net Interest Rate",  // 6
        "After-tax net Interest Rate",  // 7
        "Non-industry income and expenditure/revenue",  // 8
        "Continuous interest rate (after tax)",  // 9
        "Operating Expense Rate",  // 10
        "Research and development expense rate",  // 11
        "Cash flow rate",  // 12
        "Interest-bearing debt interest rate",  // 13
        "Tax rate (A)",  // 14
        "Net Value Per Share (B)",  // 15
        "Net Value Per Share (A)",  // 16
        "Net Value Per Share (C)",  // 17
        "Persistent EPS in the Last Four Seasons",  // 18
        "Cash Flow Per Share",  // 19
        "Revenue Per Share (Yuan ¥)",  // 20
        "Operating Profit Per Share (Yuan ¥)",  // 21
        "Per Share Net profit before tax (Yuan ¥)",  // 22
        "Realized Sales Gross Profit Growth Rate",  // 23
        "Operating Profit Growth Rate",  // 24
        "After-tax Net Profit Growth Rate",  // 25
        "Regular Net Profit Growth Rate",  // 26
        "Continuous Net Profit Growth Rate",  // 27
        "Total Asset Growth Rate",  // 28
        "Net Value Growth Rate",  // 29
        "Total Asset Return Growth Rate Ratio",  // 30
        "Cash Reinvestment %",  // 31
        "Current Ratio",  // 32
        "Quick Ratio",  // 33
        "Interest Expense Ratio",  // 34
        "Total debt/Total net worth",  // 35
        "Debt ratio %",  // 36
        "Net worth/Assets",  // 37
        "Long-term fund suitability ratio (A)",  // 38
        "Borrowing dependency",  // 39
        "Contingent liabilities/Net worth",  // 40
        "Operating profit/Paid-in capital",  // 41
        "Net profit before tax/Paid-in capital",  // 42
        "Inventory and accounts receivable/Net value",  // 43
        "Total Asset Turnover",  // 44
        "Accounts Receivable Turnover",  // 45
        "Average Collection Days",  // 46
        "Inventory Turnover Rate (times)",  // 47
        "Fixed Assets Turnover Frequency",  // 48
        "Net Worth Turnover Rate (times)",  // 49
        "Revenue per person",  // 50
        "Operating profit per person",  // 51
        "Allocation rate per person",  // 52
        "Working Capital to Total Assets",  // 53
        "Quick Assets/Total Assets",  // 54
        "Current Assets/Total Assets",  // 55
        "Cash/Total Assets",  // 56
        "Quick Assets/Current Liability",  // 57
        "Cash/Current Liability",  // 58
        "Current Liability to Assets",  // 59
        "Operating Funds to Liability",  // 60
        "Inventory/Working Capital",  // 61
        "Inventory/Current Liability",  // 62
        "Current Liabilities/Liability",  // 63
        "Working Capital/Equity",  // 64
        "Current Liabilities/Equity",  // 65
        "Long-term Liability to Current Assets",  // 66
        "Retained Earnings to Total Assets",  // 67
        "Total income/Total expense",  // 68
        "Total expense/Assets",  // 69
        "Current Asset Turnover Rate",  // 70
        "Quick Asset Turnover Rate",  // 71
        "Working capitcal Turnover Rate",  // 72
        "Cash Turnover Rate",  // 73
        "Cash Flow to Sales",  // 74
        "Fixed Assets to Assets",  // 75
        "Current Liability to Liability",  // 76
        "Current Liability to Equity",  // 77
        "Equity to Long-term Liability",  // 78
        "Cash Flow to Total Assets",  // 79
        "Cash Flow to Liability",  // 80
        "CFO to Assets",  // 81
        "Cash Flow to Equity",  // 82
        "Current Liability to Current Assets",  // 83
        "Liability-Assets Flag",  // 84
        "Net Income to Total Assets",  // 85
        "Total assets to GNP price",  // 86
        "No-credit Interval",  // 87
        "Gross Profit to Sales",  // 88
        "Net Income to Stockholder's Equity",  // 89
        "Liability to Equity",  // 90
        "Degree of Financial Leverage (DFL)",  // 91
        "Interest Coverage Ratio (Interest expense to EBIT)",  // 92
        "Net Income Flag",  // 93
        "Equity to Liability",  // 94
    ]

    /// The constant flag column (always 1 in the reference data).
    public static let netIncomeFlagIndex = 93
    /// The rare binary flag column (1 when liabilities exceed assets).
    public static let liabilityAssetsFlagIndex = 84
    /// Column pairs (source, duplicate) that hold identical values in the reference data.
    public static let identicalColumnPairs: [(Int, Int)] = [(63, 76), (65, 77)]
    /// Columns in which many cells are around 1e8–1e10 while the rest are small ratios.
    public static let heavyTailedIndices = [10, 11, 28, 47, 70, 73]
}
