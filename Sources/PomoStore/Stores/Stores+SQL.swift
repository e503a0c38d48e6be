import PomoCore

extension Stores {
    /// The SQL stores over one database.
    public static func sql(_ database: PomoDatabase) -> Stores {
        Stores(
            users: SQLUserStore(database: database), apiKeys: SQLApiKeyStore(database: database),
            tokens: SQLTokenStore(database: database), sessions: SQLFocusSessionStore(database: database),
            tasks: SQLTaskLookup(database: database), projects: SQLProjectStore(database: database))
    }
}

extension WorkspaceStores {
    public static func sql(_ database: PomoDatabase) -> WorkspaceStores {
        WorkspaceStores(
            projects: SQLProjectStore(database: database), tasks: SQLWorkTaskStore(database: database),
            activities: SQLActivityStore(database: database), goals: SQLGoalStore(database: database),
            entries: SQLTimeEntryStore(database: database))
    }
}
