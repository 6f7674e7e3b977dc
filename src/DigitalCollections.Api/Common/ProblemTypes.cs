namespace DigitalCollections.Api.Common;

/// <summary>Stable problem type identifiers: clients switch on these, not on titles.</summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:digitalcollections:problem:";

    public static string For(string slug) => Prefix + slug;
}
