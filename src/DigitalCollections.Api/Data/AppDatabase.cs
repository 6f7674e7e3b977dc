using DigitalCollections.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DigitalCollections.Api.Data;

/// <summary>
/// Chooses the store from <see cref="StorageOptions"/>: SQLite in the data folder (default, one API instance)
/// or PostgreSQL (Storage:Provider = Postgres with Storage:ConnectionString; API instances may share it).
/// Either way the services ask for <see cref="AppDbContext"/> and <see cref="IDistributedLease"/>.
/// </summary>
public static class AppDatabase
{
    public const string SqliteFileName = "digitalcollections.db";

    // Contexts come from a pool: setting one up (options, EF's internal services) cost a mint more CPU
    // than its own queries. A context holds no state of ours besides what EF resets on return.
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, StorageOptions storage, string dataDirectory)
    {
        if (storage.IsPostgres)
        {
            var connectionString = PostgresConnectionString(storage);
            services.AddDbContextPool<AppDbContext, PostgresAppDbContext>(o => UsePostgres(o, connectionString));
            services.AddSingleton<IDistributedLease>(sp =>
                new PostgresDistributedLease(connectionString, sp.GetRequiredService<ILogger<PostgresDistributedLease>>()));
        }
        else
        {
            var connectionString = SqliteConnectionString(storage, dataDirectory);
            services.AddDbContextPool<AppDbContext>(o => UseSqlite(o, connectionString));
            services.AddSingleton<IDistributedLease, SingleInstanceLease>();
            if (storage.SqliteLogMaxMegabytes < StorageOptions.MinSqliteLogMegabytes)
                throw new InvalidOperationException(
                    $"Storage:SqliteLogMaxMegabytes must be at least {StorageOptions.MinSqliteLogMegabytes} (it is {storage.SqliteLogMaxMegabytes}): " +
                    "each rewind of the log holds the writers back, and a smaller log would be rewound all the time.");
            services.AddSingleton(sp => new SqliteCheckpointer(connectionString, sp.GetRequiredService<ILogger<SqliteCheckpointer>>(),
                SqliteCheckpointer.FramesOf(storage.SqliteLogMaxMegabytes), sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }
        return services;
    }

    /// <summary>A context outside the API's container (tools, tests), configured exactly as the API's.</summary>
    public static AppDbContext Open(StorageOptions storage, string dataDirectory)
    {
        if (storage.IsPostgres)
        {
            var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
            UsePostgres(options, PostgresConnectionString(storage));
            return new PostgresAppDbContext(options.Options);
        }
        var sqlite = new DbContextOptionsBuilder<AppDbContext>();
        UseSqlite(sqlite, SqliteConnectionString(storage, dataDirectory));
        return new AppDbContext(sqlite.Options);
    }

    private static void UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    // The PRAGMA interceptor is SQLite's alone.
    private static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas());

    private static string SqliteConnectionString(StorageOptions storage, string dataDirectory)
    {
        if (!StorageProviders.IsSqlite(storage.Provider))
            throw new InvalidOperationException(
                $"Storage:Provider must be '{StorageProviders.Sqlite}' (default) or '{StorageProviders.Postgres}', not '{storage.Provider}'.");
        return string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? $"Data Source={Path.Combine(dataDirectory, SqliteFileName)}"
            : storage.ConnectionString;
    }

    private static string PostgresConnectionString(StorageOptions storage)
    {
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            throw new InvalidOperationException(
                "Storage:Provider is Postgres but Storage:ConnectionString (env Storage__ConnectionString) is empty; "
                + "set it, e.g. \"Host=127.0.0.1;Port=5432;Database=digitalcollections;Username=dc;Password=…\".");
        try
        {
            return new NpgsqlConnectionStringBuilder(storage.ConnectionString).ConnectionString;
        }
        catch (ArgumentException)
        {
            // The parser's message can quote a fragment of the string, which may be part of a password.
            throw new InvalidOperationException(
                "Storage:ConnectionString is not a valid PostgreSQL connection string (keywords such as Host, Port, Database, Username, Password; quote values holding ';').");
        }
    }

    /// <summary>What the log may say about the store: provider, server and database, never a password.</summary>
    public static string Describe(AppDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        return connection switch
        {
            NpgsqlConnection npgsql when new NpgsqlConnectionStringBuilder(npgsql.ConnectionString) is var cs =>
                $"PostgreSQL database '{cs.Database}' on {cs.Host}:{cs.Port} as '{cs.Username}'",
            _ => $"SQLite {connection.DataSource}",
        };
    }
}
