using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Npgsql;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// The store the integration tests run on: SQLite in each API's data folder (default), or PostgreSQL when
/// DC_TEST_STORE=postgres, with DC_TEST_POSTGRES the connection string of a maintenance database on a server
/// where that role may create databases (scripts/test.sh sets both). On PostgreSQL every data folder gets a
/// database of its own, named after the folder and created on first use: like the SQLite file, it outlives an
/// API instance (a restarted instance finds its data) and goes when the folder's owner cleans up
/// (<see cref="DropUnderAsync"/>, at process exit for the rest; scripts/test.sh sweeps what a crash left).
/// </summary>
public static class TestStore
{
    public const string DatabasePrefix = "dc_it_";

    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("DC_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string Name => IsPostgres ? "postgres" : "sqlite";

    private static readonly ConcurrentDictionary<string, Lazy<string>> Databases = new(); // data folder → connection string

    static TestStore()
    {
        if (IsPostgres) AppDomain.CurrentDomain.ProcessExit += (_, _) => DropUnderAsync("/").Wait(TimeSpan.FromSeconds(10));
    }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("DC_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("DC_TEST_STORE=postgres needs DC_TEST_POSTGRES (a connection string to a maintenance database, e.g. postgres); scripts/test.sh sets it.");

    /// <summary>Settings that point an API using <paramref name="dataDirectory"/> at its database (none for SQLite: the file is in the folder).</summary>
    public static IReadOnlyDictionary<string, string> SettingsFor(string dataDirectory) => IsPostgres
        ? new Dictionary<string, string>
        {
            ["Storage:Provider"] = StorageProviders.Postgres,
            ["Storage:ConnectionString"] = ConnectionStringFor(dataDirectory),
        }
        : new Dictionary<string, string>();

    /// <summary>The PostgreSQL connection string of a data folder's database, created on first use.</summary>
    public static string ConnectionStringFor(string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory);
        return Databases.GetOrAdd(folder, f => new Lazy<string>(() => CreateDatabase(DatabaseName(f)))).Value;
    }

    /// <summary>The data folder's database, opened as an operator would (not through the API).</summary>
    public static AppDbContext Open(string dataDirectory) => AppDatabase.Open(
        IsPostgres
            ? new StorageOptions { Provider = StorageProviders.Postgres, ConnectionString = ConnectionStringFor(dataDirectory) }
            : new StorageOptions(),
        dataDirectory);

    /// <summary>
    /// Everything the store holds for a data folder, as text an attacker with the files or a dump would see:
    /// the SQLite file's bytes, or every PostgreSQL table's rows (byte columns in escape format, so ASCII shows as is).
    /// </summary>
    public static async Task<string> RawContentAsync(string dataDirectory)
    {
        if (!IsPostgres)
            return Encoding.ASCII.GetString(await File.ReadAllBytesAsync(Path.Combine(dataDirectory, AppDatabase.SqliteFileName)));
        await using var connection = new NpgsqlConnection(ConnectionStringFor(dataDirectory));
        await connection.OpenAsync();
        await using (var escape = new NpgsqlCommand("SET bytea_output = 'escape'", connection)) await escape.ExecuteNonQueryAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t", connection);
            text.AppendLine((string)(await dump.ExecuteScalarAsync())!);
        }
        return text.ToString();
    }

    /// <summary>Drops the databases of the data folders under <paramref name="root"/> (PostgreSQL; nothing to do for SQLite).</summary>
    public static async Task DropUnderAsync(string root)
    {
        if (!IsPostgres) return;
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var folder in Databases.Keys.Where(f => (f + Path.DirectorySeparatorChar).StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            if (!Databases.TryRemove(folder, out var created) || !created.IsValueCreated) continue;
            try
            {
                await using var admin = new NpgsqlConnection(AdminConnectionString);
                await admin.OpenAsync();
                // FORCE ends the sessions still open on it (idle pooled connections of a disposed API).
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(folder)}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                Console.Error.WriteLine($"[TestStore] could not drop {DatabaseName(folder)}: {e.Message}"); // test.sh sweeps it
            }
        }
    }

    /// <summary>
    /// dc_it_&lt;run&gt;_&lt;folder hash&gt;: the same folder gets the same database (a restarted API finds its data);
    /// the run (DC_TEST_RUN_ID, set by scripts/test.sh, else this process) lets a sweep drop its own run's only.
    /// </summary>
    private static string DatabaseName(string folder) =>
        $"{DatabasePrefix}{RunId}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..24]}";

    private static readonly string RunId = Environment.GetEnvironmentVariable("DC_TEST_RUN_ID") is { Length: > 0 } run
        && run.Length <= 16 && run.All(char.IsAsciiLetterOrDigit)
            ? run.ToLowerInvariant()
            : "p" + Environment.ProcessId;

    private static string CreateDatabase(string name)
    {
        using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = name } } };
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }
}

/// <summary>A test that needs the PostgreSQL store; skipped on SQLite (scripts/test.sh runs the suite on both).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStore.IsPostgres) Skip = "PostgreSQL store only (DC_TEST_STORE=postgres; scripts/test.sh runs it)";
    }
}
