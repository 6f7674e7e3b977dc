namespace DigitalCollections.Api.Transactions;

public static class TransactionStates
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Confirmed = "confirmed";
    public const string Failed = "failed";
}
