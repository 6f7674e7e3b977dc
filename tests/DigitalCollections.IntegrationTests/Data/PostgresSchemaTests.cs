using DigitalCollections.Api.Data;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.IntegrationTests.Data;

/// <summary>Instances sharing one PostgreSQL database start together: each migrates, the schema is made once.</summary>
[Collection(ChainCollection.Name)]
public sealed class PostgresSchemaTests(ChainFixture fixture)
{
    [PostgresFact]
    public async Task Instances_starting_at_once_on_a_fresh_database_migrate_it_once_and_all_start()
    {
        var folder = Path.Combine(fixture.Node.WorkDirectory, "schema-" + Guid.NewGuid().ToString("N"));
        var contexts = Enumerable.Range(0, 3).Select(_ => TestStore.Open(folder)).ToList();
        try
        {
            await Task.WhenAll(contexts.Select(db => Task.Run(() => DatabaseSchema.Migrate(db, NullLogger.Instance))));

            var db = contexts[0];
            Assert.IsType<PostgresAppDbContext>(db);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Works.CountAsync()); // the tables are there
            Assert.Equal(0, await db.IndexCheckpoints.CountAsync());
        }
        finally
        {
            foreach (var db in contexts) await db.DisposeAsync();
        }
    }
}
