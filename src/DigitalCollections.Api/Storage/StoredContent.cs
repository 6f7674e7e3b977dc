namespace DigitalCollections.Api.Storage;

/// <summary>A small file's bytes, kept in the database under its content hash.</summary>
public sealed class StoredContent
{
    public required string ContentHash { get; set; }
    public required byte[] Bytes { get; set; }
    /// <summary>Unix seconds when these bytes were last stored (0: before the time was kept).</summary>
    public long StoredAtUnix { get; set; }
}
