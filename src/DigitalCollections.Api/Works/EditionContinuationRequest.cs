namespace DigitalCollections.Api.Works;

/// <summary>
/// An edition-chunk row's request: the next <paramref name="Count"/> numbers from
/// <paramref name="FirstNumber"/> of the edition whose number 1 is <paramref name="FirstTokenId"/>.
/// </summary>
public sealed record EditionContinuationRequest(long FirstTokenId, int FirstNumber, int Count, int EditionSize);
