using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Common;

/// <summary>Checks a client's EIP-712 signature before anything is sent, so a bad one costs no gas.</summary>
public sealed class SignatureVerifier(IChainReader chain)
{
    /// <summary>
    /// Passes when an account key of <paramref name="expectedSigner"/> made the signature. A smart-contract
    /// wallet (ERC-1271) cannot be checked by key recovery: then this returns false and the caller must
    /// dry-run the call (a gas estimate runs the contract's own SignatureChecker) before sending it.
    /// </summary>
    /// <returns>True when the key recovery proved the signer; false when only the contract can judge.</returns>
    public async Task<bool> EnsureSignedByAsync(byte[] digest, string signature, string expectedSigner, string signerField, CancellationToken ct)
    {
        var recovered = AuthorizationSigning.RecoverSigner(digest, signature);
        if (recovered is not null && Formats.SameAddress(recovered, expectedSigner)) return true;
        if (await chain.HasCodeAsync(expectedSigner, ct)) return false;
        throw ApiProblemException.Forbidden("invalid-signature", "signature",
            recovered is null
                ? "The signature is not a valid 65-byte ECDSA signature."
                : $"The signature was made by {ChainKeys.Checksum(recovered)}, not by {signerField} {ChainKeys.Checksum(expectedSigner)}, " +
                  "or over a different message, chain or contract (see GET /api/v1/chain for the EIP-712 domain).");
    }
}
