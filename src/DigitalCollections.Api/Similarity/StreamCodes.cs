namespace DigitalCollections.Api.Similarity;

/// <summary>The Data-Code and Instance-Code of a file, as computed while it streamed in.</summary>
public sealed record StreamCodes(string Data, string Instance);
