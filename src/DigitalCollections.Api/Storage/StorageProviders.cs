namespace DigitalCollections.Api.Storage;

public static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static bool IsPostgres(string? provider) =>
        string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase)
        || string.Equals(provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase)
        || string.Equals(provider, "Npgsql", StringComparison.OrdinalIgnoreCase);

    public static bool IsSqlite(string? provider) =>
        string.IsNullOrEmpty(provider) || string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase);
}
