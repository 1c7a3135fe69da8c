// ExpServer: see Package.swift.
import Hummingbird
