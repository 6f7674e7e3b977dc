namespace DigitalCollections.Api.Similarity;

/// <summary>
/// A work's ISCC codes as answers show them. Anyone can recompute them from the bytes, title and description
/// with any ISCC implementation. <c>contentReason</c> says why there is no Content-Code, or why it takes no
/// part in similarity.
/// </summary>
public sealed record IsccView(string Code, string? Meta, string? Content, string Data, string Instance, string? ContentKind, string? ContentReason);
