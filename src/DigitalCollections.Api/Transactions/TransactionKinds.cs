namespace DigitalCollections.Api.Transactions;

public static class TransactionKinds
{
    public const string Mint = "mint";
    public const string Transfer = "transfer";
}
