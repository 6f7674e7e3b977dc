using DigitalCollections.Api.Similarity;

namespace DigitalCollections.Api.Storage;

/// <summary>
/// An uploaded file, staged: in memory (<see cref="Bytes"/>) when small, else a staging file (<see cref="Path"/>).
/// Disposing deletes the staging file unless it was committed (moved).
/// </summary>
public sealed record StagedContent(string? Path, string ContentHash, long Size, byte[]? Bytes) : IDisposable
{
    /// <summary>The Data- and Instance-Code, computed while the bytes streamed in (null where staged otherwise, as in tests).</summary>
    public StreamCodes? Codes { get; init; }

    /// <summary>The first bytes (enough to tell an image format).</summary>
    public byte[] Head(int count = 16)
    {
        if (Bytes is not null) return Bytes[..Math.Min(count, Bytes.Length)];
        using var file = File.OpenRead(Path!);
        var head = new byte[Math.Min(count, file.Length)];
        file.ReadExactly(head);
        return head;
    }

    /// <summary>All the bytes, for decoding; callers bound the size first.</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken ct) => Bytes ?? await File.ReadAllBytesAsync(Path!, ct);

    public void Dispose()
    {
        if (Path is null) return;
        try { File.Delete(Path); } catch (IOException) { /* best effort: staging is swept on start */ }
    }
}
