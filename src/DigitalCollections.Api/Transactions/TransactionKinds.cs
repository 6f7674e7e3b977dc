namespace DigitalCollections.Api.Transactions;

public static class TransactionKinds
{
    public const string Mint = "mint";
    public const string Transfer = "transfer";
    /// <summary>A numbered edition (mintEdition/mintEditionTo): registers a work like a mint, always sent alone.</summary>
    public const string Edition = "edition";
    /// <summary>The next chunk of an edition larger than one transaction (Works/EditionContinuation.cs), always sent alone.</summary>
    public const string EditionContinuation = "edition-chunk"; // the Kind column holds 16 characters

    /// <summary>The operator's pause() (Operator/): sent alone, from a relayer holding PAUSER_ROLE.</summary>
    public const string Pause = "pause";
    /// <summary>The operator's unpause().</summary>
    public const string Unpause = "unpause";
    /// <summary>The operator's freeze(tokenId, reasonCode): sent alone, from a relayer holding OPERATOR_ROLE.</summary>
    public const string Freeze = "freeze";
    /// <summary>The operator's unfreeze(tokenId).</summary>
    public const string Unfreeze = "unfreeze";
    /// <summary>The operator's setMinimumHold(holdSeconds).</summary>
    public const string MinimumHold = "minimum-hold";

    /// <summary>A creator-signed announceMetadataChange (Metadata/): sent alone; its confirmation records the change's row.</summary>
    public const string MetadataChange = "metadata-change";

    /// <summary>Kinds whose confirmation registers a work (a WorkRegistered event names its first token).</summary>
    public static bool Registers(string kind) => kind is Mint or Edition;

    /// <summary>Kinds a lane may join into one batch call (mintWorks, transferWithAuthorizations); every other kind goes alone.</summary>
    public static bool Batches(string kind) => kind is Mint or Transfer;

    /// <summary>Kinds that must go out from one named relayer (the one holding the contract role), never from any lane.</summary>
    public static bool IsOperator(string kind) => kind is Pause or Unpause or Freeze or Unfreeze or MinimumHold;
}
