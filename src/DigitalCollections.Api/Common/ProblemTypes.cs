namespace DigitalCollections.Api.Common;

/// <summary>Stable problem type identifiers: clients switch on these, not on titles.</summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:digitalcollections:problem:";

    public static string For(string slug) => Prefix + slug;

    /// <summary>503: the node's chain was reset (or lost our contract); writes not confirmed before it failed with this code.</summary>
    public const string ChainReset = Chain.ChainIdentityException.ChainReset;

    /// <summary>503: the node serves another chain id than the deployment's.</summary>
    public const string WrongChain = Chain.ChainIdentityException.WrongChain;

    /// <summary>409 on a transfer: the token's hold runs until <c>transferableAt</c> (the problem carries it).</summary>
    public const string TransferNotAllowedYet = "transfer-not-allowed-yet";

    /// <summary>403 on a transfer: the operator froze the token (<c>reasonCode</c>).</summary>
    public const string TokenFrozen = "token-frozen";

    /// <summary>403 on a transfer: the work is never transferable (ERC-5192 locked).</summary>
    public const string TokenLocked = "token-locked";
}
