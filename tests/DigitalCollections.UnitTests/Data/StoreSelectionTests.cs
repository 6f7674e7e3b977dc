using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigitalCollections.UnitTests.Data;

/// <summary>Storage:Provider picks the store; each store has its own migrations; secrets stay out of messages.</summary>
public sealed class StoreSelectionTests : IDisposable
{
    private const string Password = "s3cret-Pa55word";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static StorageOptions Postgres(string? connectionString = $"Host=db.example;Port=5433;Database=dc;Username=app;Password={Password}") =>
        new() { Provider = "postgres", ConnectionString = connectionString };

    [Fact]
    public void The_default_is_sqlite_in_the_data_folder_with_its_pragmas_and_the_single_instance_lease()
    {
        using var provider = new ServiceCollection().AddLogging().AddAppDatabase(new StorageOptions(), _dir.Path).BuildServiceProvider();
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(typeof(AppDbContext), db.GetType());
        Assert.True(db.Database.IsSqlite());
        Assert.Equal(_dir.Combine(AppDatabase.SqliteFileName), db.Database.GetDbConnection().DataSource);
        Assert.Contains(Interceptors(db), i => i is SqlitePragmas);
        Assert.IsType<SingleInstanceLease>(provider.GetRequiredService<IDistributedLease>());
    }

    [Fact]
    public void The_sqlite_log_bound_is_1_GiB_by_default_and_follows_the_setting()
    {
        using var byDefault = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddAppDatabase(new StorageOptions(), _dir.Path).BuildServiceProvider();
        Assert.Equal(262_144, byDefault.GetRequiredService<SqliteCheckpointer>().RestartFramesBound); // 4 KiB pages
        Assert.Contains(byDefault.GetServices<IHostedService>(), s => s is SqliteCheckpointer);

        using var configured = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddAppDatabase(new StorageOptions { SqliteLogMaxMegabytes = 64 }, _dir.Path).BuildServiceProvider();
        Assert.Equal(16_384, configured.GetRequiredService<SqliteCheckpointer>().RestartFramesBound);
    }

    [Fact]
    public void A_sqlite_log_bound_below_16_MiB_stops_the_start_and_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddLogging().AddAppDatabase(new StorageOptions { SqliteLogMaxMegabytes = 8 }, _dir.Path));
        Assert.Contains("Storage:SqliteLogMaxMegabytes", error.Message);
        Assert.Contains("16", error.Message);
    }

    [Fact]
    public void Postgres_makes_the_same_services_use_npgsql_without_the_sqlite_interceptor()
    {
        using var provider = new ServiceCollection().AddLogging().AddAppDatabase(Postgres(), _dir.Path).BuildServiceProvider();
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>(); // code keeps asking for AppDbContext
        Assert.IsType<PostgresAppDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.DoesNotContain(Interceptors(db), i => i is SqlitePragmas);
        Assert.IsType<PostgresDistributedLease>(provider.GetRequiredService<IDistributedLease>());
    }

    [Fact]
    public void What_the_log_says_about_the_store_names_server_and_database_but_never_the_password()
    {
        using var db = AppDatabase.Open(Postgres(), _dir.Path);
        var described = AppDatabase.Describe(db);
        Assert.Equal("PostgreSQL database 'dc' on db.example:5433 as 'app'", described);
        Assert.DoesNotContain(Password, described);
        using var sqlite = AppDatabase.Open(new StorageOptions(), _dir.Path);
        Assert.Equal($"SQLite {_dir.Combine(AppDatabase.SqliteFileName)}", AppDatabase.Describe(sqlite));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Postgres_without_a_connection_string_refuses_to_start(string? connectionString)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAppDatabase(Postgres(connectionString), _dir.Path));
        Assert.Contains("Storage:ConnectionString", e.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_quoting_it()
    {
        // An unquoted ';' in the password splits it: the parser would name the rest as an unknown keyword.
        var e = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddAppDatabase(Postgres($"Host=db;Username=app;Password=abc;{Password}=x"), _dir.Path));
        Assert.DoesNotContain(Password, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddAppDatabase(new StorageOptions { Provider = "oracle" }, _dir.Path));
        Assert.Contains("Storage:Provider", e.Message);
    }

    [Fact]
    public void Each_store_has_its_own_migrations_and_both_match_the_current_model()
    {
        using var sqlite = AppDatabase.Open(new StorageOptions(), _dir.Path);
        using var postgres = AppDatabase.Open(Postgres(), _dir.Path);
        var sqliteMigrations = sqlite.Database.GetMigrations().ToList();
        var postgresMigrations = postgres.Database.GetMigrations().ToList();

        // SQLite keeps its history (existing databases know these ids).
        Assert.Equal(DatabaseSchema.BaselineMigration, sqliteMigrations[0]);
        Assert.Contains(sqliteMigrations, m => m.EndsWith("_ChainIndex", StringComparison.Ordinal));
        Assert.Empty(sqliteMigrations.Intersect(postgresMigrations));
        Assert.NotEmpty(postgresMigrations);

        // A model change needs a migration for each store (see README: dotnet ef migrations add … --context …).
        Assert.False(sqlite.Database.HasPendingModelChanges(), "the model changed: add a SQLite migration (--context AppDbContext)");
        Assert.False(postgres.Database.HasPendingModelChanges(), "the model changed: add a PostgreSQL migration (--context PostgresAppDbContext)");
    }

    [Fact]
    public void Postgres_stores_every_time_as_utc()
    {
        using var db = AppDatabase.Open(Postgres(), _dir.Path);
        var times = db.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
            .Where(p => Nullable.GetUnderlyingType(p.ClrType) == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset)).ToList();
        Assert.NotEmpty(times);
        foreach (var property in times)
        {
            Assert.Equal("timestamp with time zone", property.GetColumnType());
            var converter = property.GetValueConverter();
            Assert.NotNull(converter);
            var local = new DateTimeOffset(2030, 1, 1, 14, 0, 0, TimeSpan.FromHours(2));
            Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)converter.ConvertToProvider(local)!).Offset);
            Assert.Equal(local, (DateTimeOffset)converter.ConvertToProvider(local)!); // the same instant
        }
    }

    private static IEnumerable<object> Interceptors(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
}

public sealed class SingleInstanceLeaseTests
{
    [Fact]
    public async Task A_name_has_one_holder_at_a_time_never_lost_and_free_again_once_disposed()
    {
        var leases = new SingleInstanceLease();
        var held = await leases.TryAcquireAsync("indexer", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal("indexer", held.Name);
        Assert.False(held.Lost.CanBeCanceled);
        Assert.Null(await leases.TryAcquireAsync("indexer", CancellationToken.None));
        Assert.NotNull(await leases.TryAcquireAsync("other", CancellationToken.None));

        await held.DisposeAsync();
        await held.DisposeAsync(); // twice is harmless and frees nobody else's
        var again = await leases.TryAcquireAsync("indexer", CancellationToken.None);
        Assert.NotNull(again);
        await held.DisposeAsync();
        Assert.Null(await leases.TryAcquireAsync("indexer", CancellationToken.None));
    }

    [Fact]
    public void Lease_names_map_to_stable_distinct_advisory_lock_keys()
    {
        Assert.Equal(PostgresDistributedLease.KeyOf("indexer"), PostgresDistributedLease.KeyOf("indexer"));
        Assert.NotEqual(PostgresDistributedLease.KeyOf("indexer"), PostgresDistributedLease.KeyOf("indexer2"));
    }
}
