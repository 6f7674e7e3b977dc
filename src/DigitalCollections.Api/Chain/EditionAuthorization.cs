namespace DigitalCollections.Api.Chain;

/// <summary>
/// The creator-signed EIP-712 message that authorises a numbered edition of one work, with its circulation
/// rules, in the API's types. A unique work with no rules keeps using <see cref="MintAuthorization"/>.
/// </summary>
public sealed record EditionAuthorization
{
    public string Creator { get; init; } = "";
    public string To { get; init; } = "";
    /// <summary>The SHA-256 of the work's bytes, 0x hex.</summary>
    public string ContentHash { get; init; } = "";
    public int RoyaltyBps { get; init; }
    public int EditionSize { get; init; } = 1;
    public long HoldSeconds { get; init; }
    public bool Transferable { get; init; } = true;
    /// <summary>Unix seconds.</summary>
    public long Deadline { get; init; }
}

/// <summary>The creator's choice of owners for the next numbers of an edition (EIP-712 EditionRecipients).</summary>
public sealed record EditionRecipients(string ContentHash, int FirstNumber, IReadOnlyList<string> Recipients);

/// <summary>
/// A token's edition and circulation state as the contract answers it now. TransferableAt is Unix seconds: 0 when
/// no hold applies, null when the work is never transferable. Minted: the edition's tokens minted so far (editionMinted).
/// </summary>
public sealed record TokenCirculation(long FirstTokenId, int Number, int Size, long HoldSeconds, bool Transferable,
    long? TransferableAt, bool Frozen, int FrozenReason, bool Locked, int Minted = 1);
