using System.Buffers;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Similarity;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Storage;

/// <summary>
/// Content-addressed store: each distinct file is kept once, named by its SHA-256. Small files (up to
/// <see cref="StorageOptions.DatabaseContentMaxBytes"/>) are rows of the database, larger ones files in the
/// data folder. Uploads are staged (in memory, or in a temporary file when large) and committed only when
/// the mint is about to be recorded, so a refused mint never leaves bytes the API would serve as registered.
/// </summary>
public sealed class ContentStore
{
    private readonly string _contentRoot;
    private readonly string _stagingRoot;
    private readonly int _databaseMaxBytes;
    private readonly TimeProvider _clock;

    public ContentStore(string dataDirectory, int databaseContentMaxBytes = 0, TimeProvider? clock = null)
    {
        _contentRoot = Path.Combine(dataDirectory, "content");
        _stagingRoot = Path.Combine(dataDirectory, "staging");
        _databaseMaxBytes = Math.Max(0, databaseContentMaxBytes);
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(_contentRoot);
        Directory.CreateDirectory(_stagingRoot);
    }

    /// <summary>
    /// Reads the stream while hashing it (SHA-256, and the Data- and Instance-Code): kept in memory when small
    /// enough for the database, else in a staging file.
    /// </summary>
    public async Task<StagedContent> StageAsync(Stream content, CancellationToken ct)
    {
        using var sha = new ContentHashes();
        // Pooled: a new 80 KiB buffer per upload was, with the Data-Code's, most of a small upload's garbage.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            return await StageAsync(content, sha, buffer, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<StagedContent> StageAsync(Stream content, ContentHashes sha, byte[] buffer, CancellationToken ct)
    {
        var head = new MemoryStream();
        int read;
        // Up to one byte past the database limit in memory; a file only for what is larger.
        while (head.Length <= _databaseMaxBytes && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _databaseMaxBytes + 1 - head.Length)), ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            head.Write(buffer, 0, read);
        }
        if (head.Length <= _databaseMaxBytes && _databaseMaxBytes > 0)
            return new StagedContent(null, Formats.ToHex(sha.GetHashAndReset()), head.Length, head.ToArray()) { Codes = sha.Codes() };

        var path = Path.Combine(_stagingRoot, Guid.NewGuid().ToString("n"));
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await file.WriteAsync(head.GetBuffer().AsMemory(0, (int)head.Length), ct);
            var size = head.Length + await PumpAsync(content, sha, file, buffer, ct);
            return new StagedContent(path, Formats.ToHex(sha.GetHashAndReset()), size, null) { Codes = sha.Codes() };
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>SHA-256 of a stream as 0x-prefixed lower-case hex, without storing anything.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken ct)
    {
        using var sha = new ContentHashes(withCodes: false);
        await PumpAsync(content, sha, null, new byte[81920], ct);
        return Formats.ToHex(sha.GetHashAndReset());
    }

    /// <summary>SHA-256 of a stream and its Data- and Instance-Code, without storing anything.</summary>
    public static async Task<(string ContentHash, StreamCodes Codes)> HashWithCodesAsync(Stream content, CancellationToken ct)
    {
        using var sha = new ContentHashes();
        await PumpAsync(content, sha, null, new byte[81920], ct);
        return (Formats.ToHex(sha.GetHashAndReset()), sha.Codes());
    }

    /// <summary>Reads the rest of the stream into the hash (and <paramref name="copyTo"/>, if any); returns the bytes read.</summary>
    private static async Task<long> PumpAsync(Stream content, ContentHashes sha, Stream? copyTo, byte[] buffer, CancellationToken ct)
    {
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            if (copyTo is not null) await copyTo.WriteAsync(buffer.AsMemory(0, read), ct);
            size += read;
        }
        return size;
    }

    /// <summary>
    /// Keeps the staged bytes under their hash (a row, or a file moved into place); the same bytes twice are kept
    /// once. Either way the time of storing is renewed: until the mint is recorded nothing else refers to the
    /// bytes, and <see cref="OrphanContentSweeper"/> leaves recently stored bytes alone.
    /// </summary>
    public async Task CommitAsync(StagedContent staged, AppDbContext db, CancellationToken ct)
    {
        if (DatabaseRow(staged) is { } row)
        {
            var statement = new StatementBatch();
            AppendKeep(statement, db, row);
            await statement.ExecuteAsync(db, ct);
            return;
        }
        var target = PathOf(staged.ContentHash);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            if (File.Exists(target))
            {
                Renew(target, staged);
            }
            else
            {
                File.Move(staged.Path!, target);
                File.SetLastWriteTimeUtc(target, _clock.GetUtcNow().UtcDateTime);
            }
        }
        catch (IOException) when (File.Exists(target))
        {
            Renew(target, staged); // another instance sharing the folder stored the same bytes first
        }
    }

    /// <summary>
    /// The staged bytes as the row that keeps them in the database, for a caller that writes it in its own
    /// transaction (a mint's outbox insert: the bytes and the record of the mint commit together, one commit
    /// fewer per work); null when the bytes are kept as a file (<see cref="CommitAsync"/> moves it).
    /// </summary>
    public StoredContent? DatabaseRow(StagedContent staged) => staged.Bytes is { } bytes
        ? new StoredContent { ContentHash = Normalize(staged.ContentHash), Bytes = bytes, StoredAtUnix = _clock.GetUtcNow().ToUnixTimeSeconds() }
        : null;

    /// <summary>
    /// The statement that keeps <paramref name="row"/>: the same bytes twice are kept once, their time renewed.
    /// ON CONFLICT because another instance sharing the database may store the same bytes at once.
    /// </summary>
    internal static void AppendKeep(StatementBatch batch, AppDbContext db, StoredContent row)
    {
        var t = StoreNames.Table<StoredContent>(db);
        var hash = t.Col(nameof(StoredContent.ContentHash));
        var storedAt = t.Col(nameof(StoredContent.StoredAtUnix));
        batch.Sql($"INSERT INTO {t.Name} ({hash}, {t.Col(nameof(StoredContent.Bytes))}, {storedAt}) VALUES ({batch.Value(row.ContentHash)}, "
            + $"{batch.Value(row.Bytes)}, {batch.Value(row.StoredAtUnix)}) ON CONFLICT ({hash}) DO UPDATE SET {storedAt} = excluded.{storedAt};\n");
    }

    private void Renew(string target, StagedContent staged)
    {
        staged.Dispose();
        try { File.SetLastWriteTimeUtc(target, _clock.GetUtcNow().UtcDateTime); } catch (IOException) { }
    }

    /// <summary>The content files on disk (larger works), with the time each was last stored.</summary>
    public IEnumerable<(string ContentHash, DateTimeOffset StoredAt)> Files()
    {
        foreach (var file in Directory.EnumerateFiles(_contentRoot, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (Formats.IsContentHash("0x" + name) && PathOf("0x" + name) == file)
                yield return ("0x" + name.ToLowerInvariant(), new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
        }
    }

    /// <summary>The bytes, or null when this store does not hold them.</summary>
    public async Task<Stream?> OpenReadAsync(string contentHash, AppDbContext db, CancellationToken ct)
    {
        var path = PathOf(contentHash);
        if (File.Exists(path)) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var hash = Normalize(contentHash);
        var bytes = await db.StoredContents.AsNoTracking().Where(c => c.ContentHash == hash).Select(c => c.Bytes).FirstOrDefaultAsync(ct);
        return bytes is null ? null : new MemoryStream(bytes, writable: false);
    }

    public async Task<bool> ContainsAsync(string contentHash, AppDbContext db, CancellationToken ct)
    {
        if (File.Exists(PathOf(contentHash))) return true;
        var hash = Normalize(contentHash);
        return await db.StoredContents.AnyAsync(c => c.ContentHash == hash, ct);
    }

    /// <summary>Removes stored bytes that no work uses (a mint that failed after its upload was kept).</summary>
    public async Task DeleteAsync(string contentHash, AppDbContext db, CancellationToken ct)
    {
        try { File.Delete(PathOf(contentHash)); } catch (IOException) { /* best effort; bytes are addressed by hash */ }
        var hash = Normalize(contentHash);
        await db.StoredContents.Where(c => c.ContentHash == hash).ExecuteDeleteAsync(ct);
    }

    /// <summary>Deletes uploads a crashed process left in staging; none of them was ever registered.</summary>
    public void SweepStaging()
    {
        foreach (var file in Directory.EnumerateFiles(_stagingRoot)) File.Delete(file);
    }

    private static string Normalize(string contentHash) =>
        Formats.IsContentHash(contentHash) ? contentHash.ToLowerInvariant() : throw new ArgumentException("Not a content hash.", nameof(contentHash));

    private string PathOf(string contentHash)
    {
        var hex = Normalize(contentHash)[2..];
        return Path.Combine(_contentRoot, hex[..2], hex);
    }
}
