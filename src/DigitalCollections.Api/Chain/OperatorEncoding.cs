namespace DigitalCollections.Api.Chain;

/// <summary>
/// Call data of the contract's operator functions and of the views that guard them, by hand like
/// <see cref="AuthorizationEncoding"/>: each takes at most two words.
/// </summary>
public static class OperatorEncoding
{
    /// <summary>keccak256("PAUSER_ROLE"): may pause() and unpause().</summary>
    public static readonly byte[] PauserRole = AuthorizationEncoding.Keccak("PAUSER_ROLE"u8.ToArray());

    /// <summary>keccak256("OPERATOR_ROLE"): may freeze, unfreeze and setMinimumHold.</summary>
    public static readonly byte[] OperatorRole = AuthorizationEncoding.Keccak("OPERATOR_ROLE"u8.ToArray());

    private static readonly byte[] PauseSelector = AuthorizationEncoding.Selector("pause()");
    private static readonly byte[] UnpauseSelector = AuthorizationEncoding.Selector("unpause()");
    private static readonly byte[] FreezeSelector = AuthorizationEncoding.Selector("freeze(uint256,uint32)");
    private static readonly byte[] UnfreezeSelector = AuthorizationEncoding.Selector("unfreeze(uint256)");
    private static readonly byte[] SetMinimumHoldSelector = AuthorizationEncoding.Selector("setMinimumHold(uint64)");
    private static readonly byte[] HasRoleSelector = AuthorizationEncoding.Selector("hasRole(bytes32,address)");
    private static readonly byte[] PausedSelector = AuthorizationEncoding.Selector("paused()");
    private static readonly byte[] MinimumHoldSelector = AuthorizationEncoding.Selector("minimumHold()");

    public static string PauseCallData() => Formats.ToHex(PauseSelector);

    public static string UnpauseCallData() => Formats.ToHex(UnpauseSelector);

    public static string FreezeCallData(long tokenId, uint reasonCode)
    {
        var data = Call(FreezeSelector, 2);
        AuthorizationEncoding.WriteUint(tokenId, data.AsSpan(4, 32));
        AuthorizationEncoding.WriteUint(reasonCode, data.AsSpan(36, 32), bits: 32);
        return Formats.ToHex(data);
    }

    public static string UnfreezeCallData(long tokenId)
    {
        var data = Call(UnfreezeSelector, 1);
        AuthorizationEncoding.WriteUint(tokenId, data.AsSpan(4, 32));
        return Formats.ToHex(data);
    }

    public static string SetMinimumHoldCallData(long holdSeconds)
    {
        var data = Call(SetMinimumHoldSelector, 1);
        AuthorizationEncoding.WriteUint(holdSeconds, data.AsSpan(4, 32), bits: 64);
        return Formats.ToHex(data);
    }

    public static string HasRoleCallData(byte[] role, string account)
    {
        var data = Call(HasRoleSelector, 2);
        role.CopyTo(data, 4);
        AuthorizationEncoding.WriteAddress(account, data.AsSpan(36, 32));
        return Formats.ToHex(data);
    }

    public static string PausedCallData() => Formats.ToHex(PausedSelector);

    public static string MinimumHoldCallData() => Formats.ToHex(MinimumHoldSelector);

    private static byte[] Call(byte[] selector, int words)
    {
        var data = new byte[4 + words * 32];
        selector.CopyTo(data, 0);
        return data;
    }
}
