using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.Storage;

/// <summary>The content store with every file on disk (the database limit at 0), as for large files.</summary>
public sealed class ContentStoreTests : IAsyncLifetime
{
    private TempDatabase _temp = null!;
    private ContentStore _store = null!;

    private TempDirectory Folder => _temp.Directory;
    private AppDbContext Db => _temp.Db;

    public async Task InitializeAsync()
    {
        _temp = await TempDatabase.CreateAsync();
        _store = new ContentStore(Folder.Path, databaseContentMaxBytes: 0);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private string Staging => Folder.Combine("staging");
    private string ContentRoot => Folder.Combine("content");

    private static string Sha256Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<StagedContent> Stage(byte[] bytes) => _store.StageAsync(new MemoryStream(bytes), default);

    private Task Commit(StagedContent staged) => _store.CommitAsync(staged, Db, default);

    private Task<bool> Contains(string hash) => _store.ContainsAsync(hash, Db, default);

    private Task<Stream?> OpenRead(string hash) => _store.OpenReadAsync(hash, Db, default);

    [Fact]
    public void The_constructor_creates_its_folders()
    {
        Assert.True(Directory.Exists(Staging));
        Assert.True(Directory.Exists(ContentRoot));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(81920)]       // exactly one buffer
    [InlineData(81921)]       // one byte into the second buffer
    [InlineData(300_000)]
    public async Task Staging_hashes_the_bytes_with_sha256_and_keeps_them(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);

        using var staged = await Stage(bytes);

        Assert.Equal(Sha256Hex(bytes), staged.ContentHash);
        Assert.Equal(size, staged.Size);
        Assert.NotNull(staged.Path);
        Assert.StartsWith(Staging, staged.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(staged.Path));
    }

    [Fact]
    public async Task HashAsync_prints_what_sha256sum_prints_with_0x()
    {
        // `printf 'hello world\n' | sha256sum` and `sha256sum` of an empty file
        Assert.Equal("0xa948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
            await ContentStore.HashAsync(new MemoryStream("hello world\n"u8.ToArray()), default));
        Assert.Equal("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            await ContentStore.HashAsync(new MemoryStream(), default));
    }

    [Fact]
    public async Task HashAsync_stores_nothing()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        Assert.Equal(Sha256Hex(bytes), await ContentStore.HashAsync(new MemoryStream(bytes), default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Staging));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ContentRoot));
    }

    [Fact]
    public async Task Commit_makes_the_bytes_readable_by_their_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("a work of art");
        var staged = await Stage(bytes);
        Assert.False(await Contains(staged.ContentHash));
        Assert.Null(await OpenRead(staged.ContentHash));

        await Commit(staged);
        staged.Dispose(); // what the endpoint does afterwards: must not delete the committed file

        Assert.True(await Contains(staged.ContentHash));
        await using var read = await OpenRead(staged.ContentHash);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(Staging));
    }

    [Fact]
    public async Task The_hash_lookup_ignores_hex_case()
    {
        var staged = await Stage([1, 2, 3]);
        await Commit(staged);
        var upper = "0x" + staged.ContentHash[2..].ToUpperInvariant();
        Assert.True(await Contains(upper));
        await using var read = await OpenRead(upper);
        Assert.NotNull(read);
    }

    [Fact]
    public async Task Disposing_an_uncommitted_upload_deletes_the_staging_file()
    {
        var staged = await Stage([1, 2, 3]);
        Assert.True(File.Exists(staged.Path));

        staged.Dispose();

        Assert.False(File.Exists(staged.Path));
        Assert.False(await Contains(staged.ContentHash));
        staged.Dispose(); // twice is harmless
    }

    [Fact]
    public async Task Committing_the_same_bytes_twice_keeps_one_file()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var first = await Stage(bytes);
        var second = await Stage(bytes);
        Assert.NotEqual(first.Path, second.Path);

        await Commit(first);
        await Commit(second);

        Assert.Single(Directory.EnumerateFiles(ContentRoot, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Staging));
        await using var read = await OpenRead(first.ContentHash);
        Assert.Equal(bytes.Length, read!.Length);
    }

    [Fact]
    public async Task Different_bytes_are_kept_apart()
    {
        var a = await Stage([1]);
        var b = await Stage([2]);
        await Commit(a);
        await Commit(b);
        Assert.Equal(2, Directory.EnumerateFiles(ContentRoot, "*", SearchOption.AllDirectories).Count());
        Assert.True(await Contains(a.ContentHash));
        Assert.True(await Contains(b.ContentHash));
    }

    [Fact]
    public async Task SweepStaging_removes_leftovers_and_keeps_committed_content()
    {
        File.WriteAllBytes(Path.Combine(Staging, "crashed-upload-1"), [1]);
        File.WriteAllBytes(Path.Combine(Staging, "crashed-upload-2"), [2]);
        var committedHash = "0x" + new string('a', 64);
        Directory.CreateDirectory(Path.Combine(ContentRoot, "aa"));
        File.WriteAllBytes(Path.Combine(ContentRoot, "aa", new string('a', 64)), [3]);

        _store.SweepStaging();

        Assert.Empty(Directory.EnumerateFiles(Staging));
        Assert.True(await Contains(committedHash));
    }

    [Fact]
    public async Task A_failed_upload_leaves_no_staging_file()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.StageAsync(new FailingStream(), default));
        Assert.Empty(Directory.EnumerateFiles(Staging));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_staging_file()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.StageAsync(new MemoryStream(new byte[100]), cts.Token));
        Assert.Empty(Directory.EnumerateFiles(Staging));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("../../etc/passwd")]
    [InlineData("0x../../../../../../../../../../../../../../../../../../../../../../../../../../../../..")]
    public async Task Paths_are_only_built_from_content_hashes(string notAHash)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => OpenRead(notAHash));
        await Assert.ThrowsAsync<ArgumentException>(() => Contains(notAHash));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(notAHash, Db, default));
    }

    [Fact]
    public async Task Delete_removes_the_file()
    {
        var staged = await Stage([7, 7, 7]);
        await Commit(staged);
        await _store.DeleteAsync(staged.ContentHash, Db, default);
        Assert.False(await Contains(staged.ContentHash));
        Assert.Empty(Directory.EnumerateFiles(ContentRoot, "*", SearchOption.AllDirectories));
    }

    /// <summary>Gives some bytes, then fails like a dropped connection.</summary>
    internal sealed class FailingStream : Stream
    {
        private bool _gaveData;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_gaveData) throw new IOException("connection reset");
            _gaveData = true;
            buffer[offset] = 42;
            return 1;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
