public enum PomoVersion { public static let current = "0.1.0" }
