namespace DigitalCollections.Api.Transactions;

public sealed record TransferRequest(long TokenId, string From, string To, long Nonce);
