namespace DigitalCollections.Api.Iscc;

/// <summary>A Text-Code and the number of characters (code points) of the collapsed text it was hashed from.</summary>
public sealed record TextCodeResult(string Code, int Characters);
