import ExpCore
