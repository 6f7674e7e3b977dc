using System.Security.Cryptography;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.Storage;

/// <summary>Files up to the database limit are rows, not files: staged in memory, kept once, served and deleted by hash.</summary>
public sealed class DatabaseContentTests : IAsyncLifetime
{
    private const int Limit = 1024;
    private TempDatabase _temp = null!;
    private ContentStore _store = null!;

    private TempDirectory Folder => _temp.Directory;
    private AppDbContext Db => _temp.Db;

    public async Task InitializeAsync()
    {
        _temp = await TempDatabase.CreateAsync();
        _store = new ContentStore(Folder.Path, databaseContentMaxBytes: Limit);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private int FilesOnDisk => Directory.EnumerateFiles(Folder.Path, "*", SearchOption.AllDirectories)
        .Count(f => !Path.GetFileName(f).StartsWith(AppDatabase.SqliteFileName, StringComparison.Ordinal)
                 && !f.EndsWith(".key", StringComparison.Ordinal));

    private static async Task<byte[]> ReadAll(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Limit)]
    public async Task Small_files_are_staged_in_memory_and_kept_as_rows(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        using var staged = await _store.StageAsync(new MemoryStream(bytes), default);
        Assert.Null(staged.Path);
        Assert.Equal(bytes, staged.Bytes);
        Assert.Equal("0x" + Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.ContentHash);

        await _store.CommitAsync(staged, Db, default);

        Assert.Equal(0, FilesOnDisk);
        Assert.True(await _store.ContainsAsync(staged.ContentHash, Db, default));
        Assert.Equal(bytes, await ReadAll(await _store.OpenReadAsync("0x" + staged.ContentHash[2..].ToUpperInvariant(), Db, default)));
    }

    [Fact]
    public async Task One_byte_over_the_limit_is_a_file()
    {
        var bytes = RandomNumberGenerator.GetBytes(Limit + 1);
        var staged = await _store.StageAsync(new MemoryStream(bytes), default);
        Assert.NotNull(staged.Path);
        Assert.Null(staged.Bytes);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(staged.Path!));

        await _store.CommitAsync(staged, Db, default);

        Assert.Equal(0, await Db.StoredContents.CountAsync());
        Assert.Equal(bytes, await ReadAll(await _store.OpenReadAsync(staged.ContentHash, Db, default)));
    }

    [Fact]
    public async Task The_same_bytes_twice_are_one_row_and_delete_removes_it()
    {
        var bytes = RandomNumberGenerator.GetBytes(100);
        await _store.CommitAsync(await _store.StageAsync(new MemoryStream(bytes), default), Db, default);
        var again = await _store.StageAsync(new MemoryStream(bytes), default);
        await _store.CommitAsync(again, Db, default);
        Assert.Equal(1, await Db.StoredContents.CountAsync());

        await _store.DeleteAsync(again.ContentHash, Db, default);

        Assert.False(await _store.ContainsAsync(again.ContentHash, Db, default));
        Assert.Null(await _store.OpenReadAsync(again.ContentHash, Db, default));
    }

    [Fact]
    public async Task A_failed_small_upload_leaves_nothing()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(new ContentStoreTests.FailingStream(), default));
        Assert.Equal(0, FilesOnDisk);
        Assert.Equal(0, await Db.StoredContents.CountAsync());
    }
}
