using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.Works;

/// <summary>The problems every slice that reads one work answers with.</summary>
public static class WorkProblems
{
    public static ApiProblemException NotFound(long tokenId) =>
        ApiProblemException.NotFound("work", "tokenId", $"Token {tokenId} does not exist on this chain.");
}
