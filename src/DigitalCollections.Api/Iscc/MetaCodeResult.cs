namespace DigitalCollections.Api.Iscc;

/// <summary>
/// A Meta-Code with the normalised name and description it was computed from, the metadata Data-URL (when
/// extended metadata was given) and the BLAKE3 multihash of the hashed metadata.
/// </summary>
public sealed record MetaCodeResult(string Code, string Name, string? Description, string? Meta, string Metahash);
