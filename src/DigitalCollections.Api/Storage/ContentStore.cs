using System.Security.Cryptography;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Storage;

/// <summary>
/// Content-addressed file store: each distinct file is kept once, named by its SHA-256.
/// Uploads are staged in a temporary file and only committed once the mint succeeded,
/// so a failed mint never leaves a file the API would serve as registered.
/// </summary>
public sealed class ContentStore
{
    private readonly string _contentRoot;
    private readonly string _stagingRoot;

    public ContentStore(string dataDirectory)
    {
        _contentRoot = Path.Combine(dataDirectory, "content");
        _stagingRoot = Path.Combine(dataDirectory, "staging");
        Directory.CreateDirectory(_contentRoot);
        Directory.CreateDirectory(_stagingRoot);
    }

    /// <summary>Copies the stream to a staging file while hashing it.</summary>
    public async Task<StagedContent> StageAsync(Stream content, CancellationToken ct)
    {
        var path = Path.Combine(_stagingRoot, Guid.NewGuid().ToString("n"));
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var (hash, size) = await HashAsync(content, file, ct);
            return new StagedContent(path, hash, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>SHA-256 of a stream as 0x-prefixed lower-case hex, without storing anything.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken ct) =>
        (await HashAsync(content, null, ct)).Hash;

    public void Commit(StagedContent staged)
    {
        var target = PathOf(staged.ContentHash);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            if (File.Exists(target)) staged.Dispose();
            else File.Move(staged.Path, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            staged.Dispose(); // another instance sharing the folder stored the same bytes first
        }
    }

    public Stream? OpenRead(string contentHash)
    {
        var path = PathOf(contentHash);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Deletes uploads a crashed process left in staging; none of them was ever registered.</summary>
    public void SweepStaging()
    {
        foreach (var file in Directory.EnumerateFiles(_stagingRoot)) File.Delete(file);
    }

    public bool Contains(string contentHash) => File.Exists(PathOf(contentHash));

    /// <summary>Removes stored bytes that no work uses (a mint that failed after its upload was kept).</summary>
    public void Delete(string contentHash)
    {
        try { File.Delete(PathOf(contentHash)); } catch (IOException) { /* best effort; bytes are addressed by hash */ }
    }

    private string PathOf(string contentHash)
    {
        if (!Formats.IsContentHash(contentHash)) throw new ArgumentException("Not a content hash.", nameof(contentHash));
        var hex = contentHash[2..].ToLowerInvariant();
        return Path.Combine(_contentRoot, hex[..2], hex);
    }

    private static async Task<(string Hash, long Size)> HashAsync(Stream content, Stream? copyTo, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            if (copyTo is not null) await copyTo.WriteAsync(buffer.AsMemory(0, read), ct);
            size += read;
        }
        return (Formats.ToHex(sha.GetHashAndReset()), size);
    }
}

/// <summary>An uploaded file in staging. Disposing deletes it unless it was committed (moved).</summary>
public sealed record StagedContent(string Path, string ContentHash, long Size) : IDisposable
{
    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { /* best effort: staging is swept on start */ }
    }
}
