namespace DigitalCollections.Api.Data;

/// <summary>An entity's table and its columns by property name, quoted for the provider.</summary>
internal sealed record TableNames(string Name, Func<string, string> Col);
