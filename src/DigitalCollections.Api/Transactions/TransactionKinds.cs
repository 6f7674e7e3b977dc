namespace DigitalCollections.Api.Transactions;

public static class TransactionKinds
{
    public const string Mint = "mint";
    public const string Transfer = "transfer";
    /// <summary>A numbered edition (mintEdition/mintEditionTo): registers a work like a mint, always sent alone.</summary>
    public const string Edition = "edition";

    /// <summary>Kinds whose confirmation registers a work (a WorkRegistered event names its first token).</summary>
    public static bool Registers(string kind) => kind is Mint or Edition;
}
