namespace DigitalCollections.Api.Chain;

/// <summary>A relayer-signed transaction: the raw bytes to send and their hash. Holds no secret.</summary>
public sealed record SignedTransaction(string Relayer, long Nonce, string RawTransaction, string Hash);
