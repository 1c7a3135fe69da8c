// ExpReport: see Package.swift.
