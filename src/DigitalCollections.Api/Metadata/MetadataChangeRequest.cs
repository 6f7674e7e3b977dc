namespace DigitalCollections.Api.Metadata;

/// <summary>
/// The outbox row's request of a metadata change: everything the finalizer writes into the change's row once
/// the announcement is confirmed. <paramref name="Version"/> is the signed nonce + 1 (the contract counts changes from 0).
/// </summary>
public sealed record MetadataChangeRequest(
    long FirstTokenId,
    long TokenId,
    int Version,
    string Title,
    string? Description,
    string ChangedBy,
    string Signature,
    string MetadataHash,
    long Nonce,
    long Deadline);
