namespace DigitalCollections.Api.Iscc;

/// <summary>
/// An Instance-Code with the full BLAKE3 hash as a hex multihash (<c>1e20</c> + 64 hex digits) and the size.
/// </summary>
public sealed record InstanceCodeResult(string Code, string Datahash, long Filesize);
