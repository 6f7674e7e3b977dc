namespace DigitalCollections.Api.Iscc;

/// <summary>The ISCC main types (ISO 24138, first nibble of every header).</summary>
public enum MainType
{
    Meta = 0,
    Semantic = 1,
    Content = 2,
    Data = 3,
    Instance = 4,
    Iscc = 5,
    Id = 6,
    Flake = 7,
}
