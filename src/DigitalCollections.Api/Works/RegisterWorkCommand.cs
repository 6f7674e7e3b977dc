using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using Mediator;

namespace DigitalCollections.Api.Works;

/// <summary>Register a file as a work and mint its token, self-signed by the creator or for a custodial account.</summary>
public sealed record RegisterWorkCommand(
    StagedContent? Content,
    string? ContentType,
    string? FileName,
    string? Title,
    string? Description,
    int RoyaltyBps,
    string? Creator,
    string? To,
    long? Deadline,
    string? Signature,
    string? ApiKey,
    bool RespondAsync = false,
    bool AcknowledgeSimilar = false,
    string? OnBehalfOf = null,
    int EditionSize = 1,
    long HoldSeconds = 0,
    bool Transferable = true,
    IReadOnlyList<string>? Recipients = null) : IRequest<WriteOutcome<RegisteredWork>>, Common.IRefusedWhilePaused, IHasDeadline
{
    long? IHasDeadline.ClientDeadline => ApiKey is null ? Deadline : null;

    /// <summary>Anything but a unique, freely transferable work to its creator goes as an edition (EditionAuthorization).</summary>
    public bool IsEdition => EditionSize != 1 || HoldSeconds != 0 || !Transferable || Recipients is not null;
}
