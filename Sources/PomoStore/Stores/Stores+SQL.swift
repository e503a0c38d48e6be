import PomoCore

extension Stores {
    /// The SQL stores over one database, each holding its users to `quotas`.
    public static func sql(_ database: PomoDatabase, quotas: Quotas = Quotas()) -> Stores {
        Stores(
            users: SQLUserStore(database: database), apiKeys: SQLApiKeyStore(database: database, quotas: quotas),
            tokens: SQLTokenStore(database: database, quotas: quotas),
            sessions: SQLFocusSessionStore(database: database),
            tasks: SQLTaskLookup(database: database), projects: SQLProjectStore(database: database, quotas: quotas))
    }
}

extension WorkspaceStores {
    public static func sql(_ database: PomoDatabase, quotas: Quotas = Quotas()) -> WorkspaceStores {
        WorkspaceStores(
            projects: SQLProjectStore(database: database, quotas: quotas),
            tasks: SQLWorkTaskStore(database: database, quotas: quotas),
            activities: SQLActivityStore(database: database, quotas: quotas), goals: SQLGoalStore(database: database),
            entries: SQLTimeEntryStore(database: database),
            plans: SQLProjectPlanStore(database: database, quotas: quotas))
    }
}
