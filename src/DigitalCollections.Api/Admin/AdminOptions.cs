namespace DigitalCollections.Api.Admin;

/// <summary>Admin keys and what they guard (section "Admin").</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// Whether POST /api/v1/accounts needs an admin key with scope accounts:create. Unset: open on chain 31337
    /// (local development), restricted on every other chain.
    /// </summary>
    public bool? AccountCreationRequiresKey { get; set; }

    /// <summary>
    /// Whether a start that finds no admin key makes one with every scope and writes it to the console, once
    /// (standard output, not the log). Unset: on chain 31337 only; elsewhere make keys with the admin-key command.
    /// </summary>
    public bool? FirstStartKey { get; set; }

    public bool RequiresKeyToCreateAccounts(long chainId) =>
        AccountCreationRequiresKey ?? chainId != Chain.ChainOptions.LocalDevelopmentChainId;

    public bool MakesFirstStartKey(long chainId) =>
        FirstStartKey ?? chainId == Chain.ChainOptions.LocalDevelopmentChainId;
}
