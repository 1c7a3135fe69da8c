// ExpBundle: see Package.swift.
import CZlib
