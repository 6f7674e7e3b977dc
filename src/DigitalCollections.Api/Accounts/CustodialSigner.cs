using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Accounts;

/// <summary>Authenticates a custodial account by API key and signs EIP-712 messages with its key.</summary>
public sealed class CustodialSigner(AppDbContext db, CustodialKeyVault vault)
{
    /// <summary>The account the key belongs to; a 401 problem for a missing, malformed or unknown key.</summary>
    public async Task<CustodialAccount> AuthenticateAsync(string? apiKey, CancellationToken ct)
    {
        if (!ApiKeys.TryParse(apiKey, out var keyId, out var secret))
            throw ApiProblemException.Unauthorized("Send 'Authorization: Bearer <apiKey>' with the key shown when the account was created.");
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.KeyId == keyId, ct);
        if (account is null || !ApiKeys.Matches(secret, account.ApiKeyHash))
            throw ApiProblemException.Unauthorized("The API key is not valid.");
        return account;
    }

    public string Sign(CustodialAccount account, MintAuthorization message, SigningDomain domain) =>
        WithKey(account, key => AuthorizationSigning.Sign(message, domain, key));

    public string Sign(CustodialAccount account, TransferAuthorization message, SigningDomain domain) =>
        WithKey(account, key => AuthorizationSigning.Sign(message, domain, key));

    /// <summary>An edition's authorisation, or the owners of its next numbers (EIP-712 digests of Chain/EditionEncoding).</summary>
    public string Sign(CustodialAccount account, byte[] editionDigest) =>
        WithKey(account, key => Formats.ToHex(Secp256k1.SignDigest(key, editionDigest)));

    private string WithKey(CustodialAccount account, Func<byte[], string> sign)
    {
        var key = vault.Decrypt(account.EncryptedPrivateKey, account.Address);
        try { return sign(key); }
        finally { Array.Clear(key); }
    }
}
