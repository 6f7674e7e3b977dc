using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>A temporary data folder with the API's SQLite database in it, migrated; both gone on dispose.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(TempDirectory directory, AppDbContext db) => (Directory, Db) = (directory, db);

    public TempDirectory Directory { get; }
    public AppDbContext Db { get; }

    public static async Task<TempDatabase> CreateAsync()
    {
        var directory = new TempDirectory();
        var db = AppDatabase.Open(new StorageOptions { DataDirectory = directory.Path }, directory.Path);
        await db.Database.MigrateAsync();
        return new TempDatabase(directory, db);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the file can go only once no pooled connection holds it
        Directory.Dispose();
    }
}
